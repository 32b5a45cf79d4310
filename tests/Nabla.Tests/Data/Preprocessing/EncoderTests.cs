using Nabla.Data.Preprocessing;

namespace Nabla.Tests.Data.Preprocessing;

public class EncoderTests
{
    [Fact]
    public void LabelEncoder_SortedCodesAndInverse()
    {
        var enc = new LabelEncoder();
        var codes = enc.FitTransform(["paris", "tokyo", "amsterdam", "tokyo"]);
        Assert.Equal(["amsterdam", "paris", "tokyo"], enc.Classes);
        Assert.Equal([1, 2, 0, 2], codes);
        Assert.Equal(["tokyo", "amsterdam"], enc.InverseTransform([2, 0]));
    }

    [Fact]
    public void LabelEncoder_UnknownErrorOrIgnore()
    {
        var strict = new LabelEncoder().Fit(["a", "b"]);
        var e = Assert.Throws<ArgumentException>(() => strict.Transform(["a", "zebra"]));
        Assert.Contains("'zebra'", e.Message);
        Assert.Contains("position 1", e.Message);
        Assert.Contains("[a, b]", e.Message);
        var lenient = new LabelEncoder(UnknownCategory.Ignore).Fit(["a", "b"]);
        Assert.Equal([1, -1], lenient.Transform(["b", "zebra"]));
    }

    [Fact]
    public void OneHotEncoder_RowsAndUnknownIgnored()
    {
        var enc = new OneHotEncoder(UnknownCategory.Ignore);
        enc.Fit(["red", "green", "blue", "green"]);
        Assert.Equal(["blue", "green", "red"], enc.Categories);
        var y = enc.Transform(["red", "purple", "blue"]);
        Assert.Equal(new float[,] { { 0, 0, 1 }, { 0, 0, 0 }, { 1, 0, 0 } }, y);
        Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit(["x"]).Transform(["y"]));
    }

    [Fact]
    public void Encoders_MissingValueInFitFails() =>
        Assert.Contains("missing value", Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit(["a", null])).Message);

    [Fact]
    public void Encoders_StateRoundTrip()
    {
        var oh = new OneHotEncoder(UnknownCategory.Ignore).Fit(["x", "y", "z"]);
        var back = (OneHotEncoder)Preprocessor.FromState(TransformState.FromJson(oh.GetState().ToJson()));
        Assert.Equal(oh.Categories, back.Categories);
        Assert.Equal(UnknownCategory.Ignore, back.Unknown);
        var le = new LabelEncoder().Fit(["b", "a"]);
        var le2 = (LabelEncoder)Preprocessor.FromState(TransformState.FromJson(le.GetState().ToJson()));
        Assert.Equal([1, 0], le2.Transform(["b", "a"]));
    }
}
