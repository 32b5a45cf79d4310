using Nabla.Data.Preprocessing;
using static Nabla.Tests.Data.Preprocessing.PreprocessingFixture;

namespace Nabla.Tests.Data.Preprocessing;

// Tolerances: inputs are float32; Nabla accumulates statistics in double and stores float32 results, so the
// only error is float32 rounding of the statistics and of the transformed values: rtol 1e-5, atol 1e-5
// (absolute term for outputs near zero after centering).
public class ScalerTests
{
    private const double Rtol = 1e-5, Atol = 1e-5;

    [Fact]
    public void StandardScaler_MatchesNumPyPopulationStd()
    {
        var scaler = new StandardScaler();
        scaler.Fit(Matrix("x"));
        AssertClose("standard_mean", scaler.Mean, Rtol, Atol);
        AssertClose("standard_scale", scaler.Scale, Rtol, Atol);
        AssertClose("standard_x2", scaler.Transform(Matrix("x2")), Rtol, Atol);
    }

    [Fact]
    public void StandardScaler_InverseTransformRoundTrips()
    {
        var x = Matrix("x2");
        var scaler = new StandardScaler();
        scaler.Fit(Matrix("x"));
        AssertClose(Flatten(x).Select(v => (double)v).ToArray(), Flatten(scaler.InverseTransform(scaler.Transform(x))), 1e-5, 1e-5, "inverse");
    }

    [Fact]
    public void StandardScaler_ConstantColumnMapsToZero()
    {
        var z = new StandardScaler().FitTransform(new float[,] { { 3, 1 }, { 3, 2 }, { 3, 3 } });
        Assert.Equal(0f, z[0, 0]);
        Assert.Equal(0f, z[2, 0]);
    }

    [Fact]
    public void MinMaxScaler_MatchesFormulaWithCustomRange()
    {
        var scaler = new MinMaxScaler(-1f, 2f);
        scaler.Fit(Matrix("x"));
        AssertClose("minmax_x2", scaler.Transform(Matrix("x2")), Rtol, Atol);
        var train = scaler.Transform(Matrix("x"));
        for (int c = 0; c < 4; c++)
        {
            float lo = float.MaxValue, hi = float.MinValue;
            for (int r = 0; r < train.GetLength(0); r++) { lo = Math.Min(lo, train[r, c]); hi = Math.Max(hi, train[r, c]); }
            Assert.Equal(-1f, lo, 5);
            Assert.Equal(2f, hi, 5);
        }
    }

    [Fact]
    public void TransformBeforeFit_FailsWithClearMessage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new StandardScaler().Transform(new float[2, 2]));
        Assert.Contains("StandardScaler", e.Message);
        Assert.Contains("before Fit", e.Message);
        Assert.Throws<InvalidOperationException>(() => new MinMaxScaler().Transform(new float[2, 2]));
        Assert.Throws<InvalidOperationException>(() => new Pca().Transform(new float[2, 2]));
        Assert.Throws<InvalidOperationException>(() => new SimpleImputer().Transform(new float[2, 2]));
        Assert.Throws<InvalidOperationException>(() => new IterativeImputer().Transform(new float[2, 2]));
        Assert.Throws<InvalidOperationException>(() => new LabelEncoder().Transform(["a"]));
        Assert.Throws<InvalidOperationException>(() => new OneHotEncoder().Transform(["a"]));
        Assert.Throws<InvalidOperationException>(() => new ChannelNormalizer().Transform(new float[3]));
    }

    [Fact]
    public void WrongColumnCount_NamesBothShapes()
    {
        var scaler = new StandardScaler();
        scaler.Fit(Matrix("x"));
        var e = Assert.Throws<ArgumentException>(() => scaler.Transform(new float[3, 5]));
        Assert.Contains("fitted on 4 columns", e.Message);
        Assert.Contains("[3, 5]", e.Message);
    }

    [Fact]
    public void MinMaxScaler_EmptyRangeRejected() =>
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new MinMaxScaler(1f, 1f)).Message);

    [Fact]
    public void States_RoundTripThroughJson()
    {
        var x = Matrix("x");
        var x2 = Matrix("x2");
        MatrixTransformer[] steps = [new StandardScaler(), new MinMaxScaler(-1f, 2f), new SimpleImputer(ImputeStrategy.Median),
            new IterativeImputer(rounds: 2), new Pca(2), new Pipeline(new SimpleImputer(), new StandardScaler(), new Pca(3))];
        foreach (var step in steps)
        {
            step.Fit(x);
            string json = step.GetState().ToJson();
            var restored = (MatrixTransformer)Preprocessor.FromState(TransformState.FromJson(json));
            Assert.Equal(step.GetType(), restored.GetType());
            Assert.Equal(Flatten(step.Transform(x2)), Flatten(restored.Transform(x2)));
        }
    }

    [Fact]
    public void FromState_WrongKindFails()
    {
        var state = new StandardScaler().Fit(Matrix("x")).GetState();
        var e = Assert.Throws<ArgumentException>(() => MinMaxScaler.FromState(state));
        Assert.Contains("StandardScaler", e.Message);
        Assert.Throws<ArgumentException>(() => TransformState.FromJson("{\"nope\": 1}"));
    }
}
