using System.Globalization;

namespace Nabla;

/// <summary>
/// Compares the gradients back-propagation computes with central finite differences, for any function of
/// tensors (an op, a loss, a whole module). The output is reduced to a scalar L = Σ vᵢ·f(x)ᵢ with a fixed random
/// projection v, so every output element is checked at once. Tensors are float32, so f is evaluated in float32 but L
/// and the differences are accumulated in float64; the defaults (ε = 1e-3, atol = 1e-3, rtol = 1e-2) suit float32.
/// An element passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks every element of every input; inputs must be leaf tensors with RequiresGrad set.</summary>
    public static GradCheckResult Run(Func<Tensor[], Tensor> function, Tensor[] inputs,
                                      double epsilon = 1e-3, double absoluteTolerance = 1e-3, double relativeTolerance = 1e-2,
                                      ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].IsLeaf || !inputs[i].RequiresGrad)
                throw new ArgumentException($"GradCheck: input {i} must be a leaf tensor with RequiresGrad = true");

        var output = function(inputs);
        var projection = Tensor.Normal(output.Shape, generator: new Generator(seed));
        foreach (var x in inputs) x.Grad = null;
        output.Backward(projection);
        var analytic = new float[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++) analytic[i] = inputs[i].Grad?.ToArray() ?? new float[inputs[i].Numel];
        var v = projection.ToArray();

        var result = new GradCheckResult(absoluteTolerance, relativeTolerance);
        using (Autograd.NoGrad())
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                var x = inputs[i];
                var at = new int[x.Rank];
                for (int j = 0; j < x.Numel; j++)
                {
                    ShapeMath.Unravel(j, x.Shape, at);
                    float original = x[at];
                    x[at] = original + (float)epsilon;
                    double plus = Project(function(inputs), v);
                    x[at] = original - (float)epsilon;
                    double minus = Project(function(inputs), v);
                    x[at] = original;
                    double actualStep = ((double)(original + (float)epsilon) - (original - (float)epsilon));
                    result.Add(i, j, analytic[i][j], (plus - minus) / actualStep);
                }
            }
        }
        return result;
    }

    /// <summary>Like <see cref="Run"/>, but throws with the worst element's details when any element fails.</summary>
    public static void Assert(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        var result = Run(function, inputs);
        if (!result.Passed) throw new InvalidOperationException(result.ToString());
    }

    private static double Project(Tensor output, float[] v)
    {
        var values = output.ToArray();
        double sum = 0;
        for (int k = 0; k < values.Length; k++) sum += (double)values[k] * v[k];
        return sum;
    }
}

/// <summary>The outcome of a <see cref="GradCheck"/>: pass/fail and the worst mismatch found.</summary>
public sealed class GradCheckResult
{
    private readonly double _atol;
    private readonly double _rtol;
    private double _worstExcess = double.NegativeInfinity;

    internal GradCheckResult(double atol, double rtol)
    {
        _atol = atol;
        _rtol = rtol;
    }

    /// <summary>True when every element is within tolerance.</summary>
    public bool Passed { get; private set; } = true;

    /// <summary>Number of elements compared.</summary>
    public int Checked { get; private set; }

    /// <summary>Largest |analytic − numeric| seen.</summary>
    public double MaxAbsoluteError { get; private set; }

    /// <summary>Input index, element index, analytic and numeric values of the worst element.</summary>
    public (int Input, int Element, double Analytic, double Numeric) Worst { get; private set; }

    internal void Add(int input, int element, double analytic, double numeric)
    {
        Checked++;
        double error = Math.Abs(analytic - numeric);
        if (double.IsNaN(error)) error = double.PositiveInfinity;
        MaxAbsoluteError = Math.Max(MaxAbsoluteError, error);
        double excess = error - (_atol + _rtol * Math.Abs(numeric));
        if (excess > 0) Passed = false;
        if (excess > _worstExcess)
        {
            _worstExcess = excess;
            Worst = (input, element, analytic, numeric);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GradCheck {(Passed ? "passed" : "FAILED")} on {Checked} elements: worst at input {Worst.Input}, element {Worst.Element}: " +
        $"analytic {Worst.Analytic:G6} vs numeric {Worst.Numeric:G6} (max abs error {MaxAbsoluteError:G3}, atol {_atol}, rtol {_rtol})");
}
