using System.Text.Json;

namespace Nabla.Tests.Data.Preprocessing;

/// <summary>
/// Reads fixtures/preprocessing.json written by fixtures/generate_preprocessing.py (NumPy versions of the
/// scikit-learn formulas, torch's bilinear interpolation, a PIL JPEG). Null entries are NaN (missing values).
/// </summary>
public static class PreprocessingFixture
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "preprocessing.json"))));

    public static int[] Shape(string name) =>
        Doc.Value.RootElement.GetProperty(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Values(string name) =>
        Doc.Value.RootElement.GetProperty(name).GetProperty("data").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();

    public static float[] Floats(string name) => Values(name).Select(v => (float)v).ToArray();

    public static float[,] Matrix(string name)
    {
        var shape = Shape(name);
        var v = Floats(name);
        var m = new float[shape[0], shape[1]];
        for (int r = 0; r < shape[0]; r++)
            for (int c = 0; c < shape[1]; c++) m[r, c] = v[r * shape[1] + c];
        return m;
    }

    public static string String(string name) => Doc.Value.RootElement.GetProperty(name).GetString()!;

    public static float[] Flatten(float[,] m)
    {
        var v = new float[m.Length];
        int i = 0;
        foreach (float x in m) v[i++] = x;
        return v;
    }

    /// <summary>|actual − expected| ≤ atol + rtol·|expected| elementwise (NaN must match NaN).</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, double atol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(float.IsNaN(actual[i]), $"{what}[{i}]: expected NaN, got {actual[i]}");
                continue;
            }
            double err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= atol + rtol * Math.Abs(expected[i]), $"{what}[{i}]: got {actual[i]}, expected {expected[i]} (error {err:g3})");
        }
    }

    public static void AssertClose(string expectedName, float[,] actual, double rtol, double atol) =>
        AssertClose(Values(expectedName), Flatten(actual), rtol, atol, expectedName);

    public static void AssertClose(string expectedName, ReadOnlySpan<float> actual, double rtol, double atol) =>
        AssertClose(Values(expectedName), actual, rtol, atol, expectedName);
}
