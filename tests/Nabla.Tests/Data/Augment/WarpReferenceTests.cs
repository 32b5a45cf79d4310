using System.Text.Json;
using Nabla.Data.Augment;

namespace Nabla.Tests.Data.Augment;

/// <summary>
/// The geometric augmentations' resampling against PyTorch (fixtures/generate_data_augment.py): affine warps against
/// affine_grid + grid_sample (bilinear, zeros outside, align_corners=False) and crop-then-resize against
/// interpolate(bilinear, align_corners=False). Tolerance 2e-6 absolute on values in [0, 1]: Nabla interpolates in
/// double and rounds once to float, PyTorch's grid_sample ran in float64 and interpolate in float32, so the only
/// differences are a few float32 roundings of the weights.
/// </summary>
public sealed class WarpReferenceTests
{
    private const float Tolerance = 2e-6f;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases().EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        var c = Cases().EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var shape = c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var sample = c.GetProperty("input").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        if (c.GetProperty("kind").GetString() == "affine")
            RandomRotation.Rotate(sample, shape[0], shape[1], shape[2], c.GetProperty("degrees").GetDouble(),
                                  c.GetProperty("tx").GetDouble(), c.GetProperty("ty").GetDouble(), c.GetProperty("scale").GetDouble(),
                                  c.GetProperty("shearX").GetDouble(), c.GetProperty("shearY").GetDouble(), 0f);
        else
            ImageWarp.CropResize(sample, shape[0], shape[1], shape[2], c.GetProperty("top").GetInt32(), c.GetProperty("left").GetInt32(),
                                 c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32());
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(sample[i] - expected[i]) <= Tolerance, $"{name}: element {i} is {sample[i]}, PyTorch gives {expected[i]}");
    }

    private static JsonElement Cases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "data_augment.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").Clone();
    }
}
