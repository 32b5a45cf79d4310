namespace Nabla.Data.Preprocessing;

/// <summary>
/// Principal component analysis. Fit centers the training table, forms the sample covariance
/// <c>C = XcᵀXc / (n − 1)</c> and diagonalizes it in double precision (Householder tridiagonalization then
/// implicit QL, the EISPACK tred2/tql2 algorithm); components
/// are the eigenvectors sorted by decreasing eigenvalue. <c>ExplainedVariance[k] = λk</c> and
/// <c>ExplainedVarianceRatio[k] = λk / trace(C)</c>, as scikit-learn's PCA.
/// <para>Sign convention: each component is flipped so that its entry of largest absolute value is positive
/// (scikit-learn's <c>svd_flip</c> with <c>u_based_decision=False</c>), so results are deterministic.</para>
/// <para>Transform: <c>z = (x − mean) · Wᵀ</c> with W the [k, F] component matrix; InverseTransform:
/// <c>x̂ = z · W + mean</c>. Missing values are not accepted: impute first.</para>
/// <para>Cost: O(n·F²) to form C plus O(F³) for the eigen-decomposition.</para>
/// </summary>
public sealed class Pca : MatrixTransformer
{
    private readonly int? _requested;
    private float[] _mean = [];
    private float[] _components = [];
    private float[] _variance = [];
    private float[] _ratio = [];

    /// <summary>Creates a PCA keeping <paramref name="components"/> components (all of them when null).</summary>
    public Pca(int? components = null)
    {
        if (components is < 1)
            throw new ArgumentOutOfRangeException(nameof(components), components, "Pca: the number of components must be ≥ 1 (or null for all).");
        _requested = components;
    }

    /// <summary>Number of kept components (after Fit).</summary>
    public int Components { get; private set; }

    /// <summary>Component matrix [Components, InputColumns], row-major, rows of unit length.</summary>
    public ReadOnlySpan<float> ComponentMatrix { get { EnsureFitted(); return _components; } }

    /// <summary>Per-column training mean.</summary>
    public ReadOnlySpan<float> Mean { get { EnsureFitted(); return _mean; } }

    /// <summary>Variance along each kept component (the covariance eigenvalues, decreasing).</summary>
    public ReadOnlySpan<float> ExplainedVariance { get { EnsureFitted(); return _variance; } }

    /// <summary>Fraction of the total variance along each kept component.</summary>
    public ReadOnlySpan<float> ExplainedVarianceRatio { get { EnsureFitted(); return _ratio; } }

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        int n = x.GetLength(0), f = InputColumns;
        if (_requested > f)
            throw new ArgumentException($"Pca.Fit: {_requested} components requested but the table [{n}, {f}] has only {f} columns.", nameof(x));
        if (n < 2) throw new ArgumentException($"Pca.Fit: needs at least 2 rows, got a table [{n}, {f}].", nameof(x));
        var mean = new double[f];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < f; c++)
            {
                float v = x[r, c];
                if (float.IsNaN(v))
                    throw new ArgumentException($"Pca.Fit: missing value (NaN) at row {r}, column {c}; impute or drop missing values first.", nameof(x));
                mean[c] += v;
            }
        for (int c = 0; c < f; c++) mean[c] /= n;
        var cov = new double[f * f];
        var row = new double[f];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < f; c++) row[c] = x[r, c] - mean[c];
            for (int i = 0; i < f; i++)
                for (int j = i; j < f; j++) cov[i * f + j] += row[i] * row[j];
        }
        double trace = 0;
        for (int i = 0; i < f; i++)
            for (int j = i; j < f; j++)
            {
                cov[i * f + j] /= n - 1;
                cov[j * f + i] = cov[i * f + j];
                if (i == j) trace += cov[i * f + i];
            }
        var values = new double[f];
        DenseLinearAlgebra.SymmetricEigen(cov, f, values);
        var vectors = cov;
        var order = new int[f];
        for (int i = 0; i < f; i++) order[i] = i;
        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]));
        Components = _requested ?? f;
        _mean = Array.ConvertAll(mean, v => (float)v);
        _components = new float[Components * f];
        _variance = new float[Components];
        _ratio = new float[Components];
        for (int k = 0; k < Components; k++)
        {
            int e = order[k];
            int argMax = 0;
            for (int c = 1; c < f; c++)
                if (Math.Abs(vectors[c * f + e]) > Math.Abs(vectors[argMax * f + e])) argMax = c;
            double sign = vectors[argMax * f + e] < 0 ? -1 : 1;
            for (int c = 0; c < f; c++) _components[k * f + c] = (float)(sign * vectors[c * f + e]);
            double lambda = Math.Max(values[e], 0);
            _variance[k] = (float)lambda;
            _ratio[k] = trace > 0 ? (float)(lambda / trace) : 0f;
        }
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        int n = x.GetLength(0), f = InputColumns;
        var z = new float[n, Components];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < Components; k++)
            {
                double s = 0;
                for (int c = 0; c < f; c++) s += (x[r, c] - (double)_mean[c]) * _components[k * f + c];
                z[r, k] = (float)s;
            }
        return z;
    }

    /// <summary>Maps component scores [n, Components] back to the input space [n, InputColumns].</summary>
    public float[,] InverseTransform(float[,] z)
    {
        ArgumentNullException.ThrowIfNull(z);
        EnsureFitted();
        if (z.GetLength(1) != Components)
            throw new ArgumentException($"Pca.InverseTransform: expected scores [n, {Components}] but got [{z.GetLength(0)}, {z.GetLength(1)}].", nameof(z));
        int n = z.GetLength(0), f = InputColumns;
        var x = new float[n, f];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < f; c++)
            {
                double s = _mean[c];
                for (int k = 0; k < Components; k++) s += z[r, k] * (double)_components[k * f + c];
                x[r, c] = (float)s;
            }
        return x;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(Pca));
        s.Arrays["mean"] = (float[])_mean.Clone();
        s.Arrays["components"] = (float[])_components.Clone();
        s.Arrays["explained_variance"] = (float[])_variance.Clone();
        s.Arrays["explained_variance_ratio"] = (float[])_ratio.Clone();
        return s;
    }

    /// <summary>Rebuilds a fitted PCA from <paramref name="state"/>.</summary>
    public static new Pca FromState(TransformState state)
    {
        CheckKind(state, nameof(Pca));
        var variance = state.Array("explained_variance");
        var p = new Pca(variance.Length)
        {
            _mean = state.Array("mean"),
            _components = state.Array("components"),
            _variance = variance,
            _ratio = state.Array("explained_variance_ratio"),
        };
        p.InputColumns = p._mean.Length;
        p.Components = variance.Length;
        p.IsFitted = true;
        return p;
    }
}
