using System.Text.Json.Nodes;
using Nabla.Nn;
using Nabla.Serialization.Architecture;

namespace Nabla.Tests.Serialization.Architecture;

public class ModelSpecTests
{
    private const string Cnn = """
        {"type": "Sequential", "layers": [
          {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
          {"type": "BatchNorm2d"}, {"type": "ReLU"}, {"type": "MaxPool2d", "kernel_size": 2},
          {"type": "Residual", "body": {"type": "Sequential", "layers": [{"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1}, {"type": "GELU", "approximate": "tanh"}]}},
          {"type": "Flatten"}, {"type": "Dropout", "p": 0.25}, {"type": "Linear", "out_features": 10}]}
        """;

    [Fact]
    public void Builds_with_inferred_sizes_and_round_trips_in_memory_and_as_text()
    {
        var model = ModelSpec.Parse(Cnn, [1, 12, 12]);
        Assert.Equal([2, 10], model.Forward(Tensor.Zeros(2, 1, 12, 12)).Shape.ToArray());
        var described = ModelSpec.Describe(model);
        var again = ModelSpec.Build(described);
        Assert.Equal(model.StateDict().Keys, again.StateDict().Keys);
        Assert.Equal(described.ToJsonString(), ModelSpec.Describe(ModelSpec.Parse(described.ToJsonString())).ToJsonString());
        Assert.Equal(0.25f, ((Dropout)((Sequential)again)[6]).P);
    }

    [Theory]
    [InlineData("""{"type": "Sequential", "layers": [{"type": "Conv3d"}]}""", "$.layers[0].type: unknown layer type \"Conv3d\"; allowed:")]
    [InlineData("""{"type": "Sequential", "layers": [{"type": "Linear", "out_features": "ten"}]}""", "$.layers[0].out_features: Linear argument 'out_features' must be an integer, got \"ten\"")]
    [InlineData("""{"type": "Sequential", "layers": [{"type": "ReLU", "inplace": true}]}""", "$.layers[0].inplace: unknown argument for ReLU")]
    [InlineData("""{"type": "Sequential", "layers": [{"type": "GELU", "approximate": "fast"}]}""", "must be one of \"none\", \"tanh\", got \"fast\"")]
    [InlineData("""{"type": "Sequential", "layers": [{"type": "Linear", "in_features": 5, "out_features": 3}]}""", "$.layers[0]: the layer does not accept the shape flowing in, [N, 1, 12, 12]")]
    public void Bad_specs_name_the_json_path_the_value_and_what_is_allowed(string json, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => ModelSpec.Parse(json, [1, 12, 12]));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Custom_modules_have_no_spec()
    {
        var ex = Assert.Throws<NotSupportedException>(() => ModelSpec.Describe(new Sequential(new Linear(2, 2), new Custom())));
        Assert.Contains("Custom '1' is a custom module", ex.Message);
    }

    private sealed class Custom : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }

    [Fact]
    public void In_memory_numbers_of_any_width_are_accepted()
    {
        var spec = new JsonObject
        {
            ["type"] = "Sequential",
            ["layers"] = new JsonArray(new JsonObject { ["type"] = "Linear", ["in_features"] = 4L, ["out_features"] = (long)3 }, new JsonObject { ["type"] = "Dropout", ["p"] = 0.5f }),
        };
        var model = (Sequential)ModelSpec.Build(spec);
        Assert.Equal(3, ((Linear)model[0]).OutFeatures);
        Assert.Equal(0.5f, ((Dropout)model[1]).P);
    }
}
