using System.Text.Json.Nodes;
using Nabla.Serialization;

namespace Nabla.Tests.Serialization;

/// <summary>StateFile round-trips every value kind exactly and reports missing keys and type mismatches clearly.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RoundTripsEveryKindExactly()
    {
        var state = new StateFile();
        state.Set("lr", 0.1);
        state.Set("tiny", 5e-324);
        state.Set("best", double.PositiveInfinity);
        state.Set("worst", double.NegativeInfinity);
        state.Set("undefined", double.NaN);
        state.Set("step", 123456789012L);
        state.Set("rng", ulong.MaxValue - 12345);
        state.Set("nesterov", true);
        state.Set("name", "Adam \"β\"");
        state.Set("betas", [0.9, 0.999, double.NaN]);
        var group = new StateFile();
        group.Set("weight_decay", 1e-4);
        state.Set("group0", group);
        state.SetJson("architecture", JsonNode.Parse("""{"type":"Sequential","layers":[{"type":"Linear","in":4,"out":8}]}""")!);

        string path = _dir.File("optimizer.json");
        state.Save(path);
        var back = StateFile.Load(path);

        Assert.Equal(0.1, back.GetDouble("lr"));
        Assert.Equal(5e-324, back.GetDouble("tiny"));
        Assert.Equal(double.PositiveInfinity, back.GetDouble("best"));
        Assert.Equal(double.NegativeInfinity, back.GetDouble("worst"));
        Assert.True(double.IsNaN(back.GetDouble("undefined")));
        Assert.Equal(123456789012L, back.GetInt64("step"));
        Assert.Equal(ulong.MaxValue - 12345, back.GetUInt64("rng"));
        Assert.True(back.GetBoolean("nesterov"));
        Assert.Equal("Adam \"β\"", back.GetString("name"));
        var betas = back.GetDoubleArray("betas");
        Assert.Equal([0.9, 0.999], betas[..2]);
        Assert.True(double.IsNaN(betas[2]));
        Assert.Equal(1e-4, back.GetSection("group0").GetDouble("weight_decay"));
        Assert.Equal("Linear", back.GetJson("architecture")["layers"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(["lr", "tiny", "best", "worst", "undefined", "step", "rng", "nesterov", "name", "betas", "group0", "architecture"], back.Keys);
        Assert.Equal(state.ToJson(), back.ToJson());
    }

    [Fact]
    public void IntegersReadAsDoublesButNotTheOtherWayRound()
    {
        var state = StateFile.Parse("""{"epoch": 7, "lr": 0.5, "neg": -3}""");
        Assert.Equal(7.0, state.GetDouble("epoch"));
        Assert.Equal(7, state.GetInt32("epoch"));
        Assert.Equal(-3L, state.GetInt64("neg"));
        var ex = Assert.Throws<InvalidDataException>(() => state.GetInt64("lr"));
        Assert.Contains("key 'lr' should hold a 64-bit integer", ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => state.GetUInt64("neg"));
        Assert.Contains("key 'neg' should hold an unsigned 64-bit integer", ex.Message);
    }

    [Fact]
    public void ErrorsNameTheFileAndKey()
    {
        string path = _dir.File("s.json");
        var state = new StateFile();
        state.Set("epoch", "three");
        state.Save(path);
        var back = StateFile.Load(path);
        var ex = Assert.Throws<InvalidDataException>(() => back.GetDouble("epoch"));
        Assert.Equal($"state file '{path}': key 'epoch' should hold a number", ex.Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => back.GetString("lr"));
        Assert.Equal($"state file '{path}': no key 'lr'", missing.Message);
        Assert.Throws<InvalidDataException>(() => back.GetSection("epoch"));
        Assert.Throws<InvalidDataException>(() => back.GetBoolean("epoch"));

        File.WriteAllText(path, "{\"a\": ");
        Assert.Contains($"state file '{path}': not valid JSON", Assert.Throws<InvalidDataException>(() => StateFile.Load(path)).Message);
        File.WriteAllText(path, "[1]");
        Assert.Contains("expected a JSON object at the top level", Assert.Throws<InvalidDataException>(() => StateFile.Load(path)).Message);
    }

    [Fact]
    public void SectionsAreCopiedOnSetAndSharedOnGet()
    {
        var state = new StateFile();
        var section = new StateFile();
        section.Set("x", 1L);
        state.Set("s", section);
        section.Set("x", 2L);
        Assert.Equal(1L, state.GetSection("s").GetInt64("x"));
        state.GetSection("s").Set("y", true);
        Assert.True(state.GetSection("s").GetBoolean("y"));
    }
}
