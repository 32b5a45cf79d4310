using Nabla.Nn;

namespace Nabla.Tests.Nn.Layers;

/// <summary>
/// The contract every layer keeps with PyTorch, checked on a freshly built layer (default initialization) for each
/// case of fixtures/nn.json: the output shape equals torch.nn's for the same input, the parameter count equals
/// PyTorch's, the state-dict keys are PyTorch's in PyTorch's order, and a state dict copied into a fresh layer
/// reproduces the original exactly.
/// </summary>
public sealed class LayerContractTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, c) in LayerFixture.Cases)
            if (c.Mode == "eval") data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Output_shape_parameter_count_and_state_keys_match_pytorch(string name)
    {
        var c = LayerFixture.Cases[name];
        var layer = LayerFixture.Build(c).Eval();
        var y = layer.Forward(c.Input.ToTensor());
        Assert.Equal(c.Output.Shape, y.Shape.ToArray());
        Assert.Equal(c.ParamCount, layer.ParameterCount());
        Assert.Equal(c.State.Keys, layer.StateDict().Keys);
        foreach (var (key, t) in layer.StateDict())
            Assert.Equal(c.State[key].Shape, t.Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void State_dict_round_trips_into_a_fresh_layer(string name)
    {
        var c = LayerFixture.Cases[name];
        var source = LayerFixture.Build(c);
        source.LoadStateDict(c.StateTensors());
        source.Eval();
        var copy = new Dictionary<string, Tensor>();
        foreach (var (key, t) in source.StateDict())
            copy[key] = Tensor.FromArray(t.ToArray(), t.Shape);

        var fresh = LayerFixture.Build(c);
        fresh.LoadStateDict(copy);
        fresh.Eval();
        foreach (var (key, t) in fresh.StateDict())
            Assert.Equal(copy[key].ToArray(), t.ToArray());
        var x = c.Input.ToTensor();
        Assert.Equal(source.Forward(x).ToArray(), fresh.Forward(x).ToArray());
    }

    [Fact]
    public void Load_state_dict_names_missing_unexpected_and_wrong_shape_keys()
    {
        var layer = new Conv2d(3, 4, 3);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.Zeros(4, 3, 2, 2),
            ["scale"] = Tensor.Zeros(4),
        };
        var ex = Assert.Throws<InvalidOperationException>(() => layer.LoadStateDict(state));
        Assert.Contains("weight: checkpoint [4, 3, 2, 2], model [4, 3, 3, 3]", ex.Message);
        Assert.Contains("unexpected keys (1): scale", ex.Message);
        Assert.Contains("missing keys (1): bias", ex.Message);
    }
}
