using Nabla.Nn;

namespace Nabla.Tests.Nn;

public class ModuleTests
{
    private sealed class TwoLayer : Module
    {
        public Linear Fc1 { get; } = new(4, 3, generator: new Generator(1));
        public Linear Fc2 { get; } = new(3, 2, bias: false, generator: new Generator(2));

        [Buffer]
        public Tensor StepCount { get; } = Tensor.Zeros(1);

        public override Tensor Forward(Tensor input) => Fc2.Forward(Fc1.Forward(input).Relu());
    }

    [Fact]
    public void Members_are_found_and_named_like_pytorch()
    {
        var model = new TwoLayer();
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["step_count"], model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["step_count", "fc1.weight", "fc1.bias", "fc2.weight"], model.StateDict().Keys); // own state first, then children, as PyTorch
        Assert.Equal(4 * 3 + 3 + 3 * 2, model.ParameterCount());
    }

    [Fact]
    public void Sequential_names_children_by_position_and_nests()
    {
        var model = new Sequential(new Sequential(new Linear(2, 3), new ReLU()), new Linear(3, 1));
        Assert.Equal(["0.0.weight", "0.0.bias", "1.weight", "1.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["", "0", "0.0", "0.1", "1"], model.NamedModules().Select(m => m.Name));
        Assert.Equal("Linear '0.0'", ((Sequential)model[0])[0].DisplayName);
    }

    [Fact]
    public void Snake_case_follows_pytorch_names()
    {
        Assert.Equal("running_mean", ModuleMembers.SnakeCase("RunningMean"));
        Assert.Equal("num_batches_tracked", ModuleMembers.SnakeCase("NumBatchesTracked"));
        Assert.Equal("fc1", ModuleMembers.SnakeCase("Fc1"));
        Assert.Equal("conv2d_layer", ModuleMembers.SnakeCase("Conv2dLayer"));
        Assert.Equal("weight", ModuleMembers.SnakeCase("weight"));
    }

    [Fact]
    public void Train_and_eval_propagate()
    {
        var model = new Sequential(new Linear(2, 2), new Sequential(new ReLU()));
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.Training));
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.Training));
    }

    [Fact]
    public void Freeze_stops_gradients_and_counts_trainable()
    {
        var model = new Sequential(new Linear(3, 4), new Linear(4, 2));
        model[0].Freeze();
        Assert.Equal(4 * 2 + 2, model.ParameterCount(trainableOnly: true));
        var x = Tensor.Randn(5, 3);
        model.Forward(x).Sum().Backward();
        Assert.Null(((Linear)model[0]).Weight.Grad);
        Assert.NotNull(((Linear)model[1]).Weight.Grad);
        model.Unfreeze();
        Assert.Equal(model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }

    [Fact]
    public void State_dict_round_trips_into_a_fresh_model_in_place()
    {
        var a = new TwoLayer();
        var b = new Sequential();
        var target = new TwoLayer();
        var weightRef = target.Fc1.Weight;
        Init.Constant(a.Fc1.Weight, 0.5f);
        target.LoadStateDict(a.StateDict());
        Assert.Same(weightRef, target.Fc1.Weight);
        Assert.Equal(0.5f, target.Fc1.Weight[1, 2]);
        var x = Tensor.Randn(2, 4);
        Assert.Equal(a.Forward(x).ToArray(), target.Forward(x).ToArray());
        Assert.Empty(b.StateDict());
    }

    [Fact]
    public void Strict_load_lists_missing_unexpected_and_wrong_shape_keys()
    {
        var model = new Sequential(new Linear(4, 3), new Linear(3, 2));
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = Tensor.Zeros(3, 4),
            ["0.bias"] = Tensor.Zeros(5),
            ["1.weight"] = Tensor.Zeros(2, 3),
            ["extra.weight"] = Tensor.Zeros(1),
        };
        var before = ((Linear)model[0]).Weight.ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => model.LoadStateDict(state));
        Assert.Contains("missing keys (1): 1.bias", ex.Message);
        Assert.Contains("unexpected keys (1): extra.weight", ex.Message);
        Assert.Contains("0.bias: checkpoint [5], model [3]", ex.Message);
        Assert.Equal(before, ((Linear)model[0]).Weight.ToArray());
    }

    [Fact]
    public void Non_strict_load_reports_skipped_keys()
    {
        var model = new Sequential(new Linear(4, 3), new Linear(3, 2));
        var result = model.LoadStateDict(new Dictionary<string, Tensor> { ["0.weight"] = Tensor.Ones(3, 4), ["head.w"] = Tensor.Ones(1) }, strict: false);
        Assert.Equal(["0.bias", "1.weight", "1.bias"], result.MissingKeys);
        Assert.Equal(["head.w"], result.UnexpectedKeys);
        Assert.Equal(1f, ((Linear)model[0]).Weight[0, 0]);
    }

    [Fact]
    public void Summary_lists_layers_output_shapes_and_counts()
    {
        var model = new Sequential(new Flatten(), new Linear(6, 4), new ReLU(), new Linear(4, 2));
        model[1].Freeze();
        string summary = model.Summary(1, 2, 3);
        Assert.Contains("0 (Flatten)", summary);
        Assert.Matches(@"1 \(Linear\)\s+\[1, 4\]\s+28", summary);
        Assert.Matches(@"3 \(Linear\)\s+\[1, 2\]\s+10", summary);
        Assert.Contains("Total params: 38", summary);
        Assert.Contains("Trainable params: 10", summary);
        Assert.Contains("Non-trainable params: 28", summary);
        Assert.True(model.Training);
    }

    [Fact]
    public void Residual_adds_the_identity_and_checks_shapes()
    {
        var block = new Residual(new Linear(3, 3));
        var x = Tensor.Randn(2, 3);
        var expected = ((Linear)block.Body).Forward(x) + x;
        Assert.Equal(expected.ToArray(), block.Forward(x).ToArray());
        var bad = new Residual(new Linear(3, 4));
        var ex = Assert.Throws<ArgumentException>(() => bad.Forward(x));
        Assert.Contains("[2, 4]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Layer_errors_name_the_layer_in_its_model()
    {
        var model = new Sequential(new Linear(4, 3), new Linear(5, 2));
        model.NamedModules();
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(2, 4)));
        Assert.Contains("Linear '1'", ex.Message);
        Assert.Contains("[..., 5]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void ToString_prints_a_pytorch_style_tree()
    {
        var model = new Sequential(new Linear(2, 3), new ReLU());
        Assert.Equal("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)", model.ToString());
    }

    [Fact]
    public void Fused_linear_relu_in_sequential_matches_the_separate_layers()
    {
        var fused = new Sequential(new Linear(5, 7, generator: new Generator(3)), new ReLU(), new Linear(7, 2, generator: new Generator(4)));
        var separate = new Sequential(new Sequential(fused[0]), fused[1], fused[2]);
        var x1 = Tensor.Normal([6, 5], generator: new Generator(5));
        x1.RequiresGrad = true;
        var x2 = x1.Detach().Clone();
        x2.RequiresGrad = true;
        var y1 = fused.Forward(x1);
        Assert.Equal("linear", y1.GradFn!.Name);
        Assert.Equal("linear_relu", y1.GradFn!.Input(0).GradFn!.Name);
        y1.Square().Sum().Backward();
        var w = ((Linear)fused[0]).Weight;
        var gw = w.Grad!.ToArray();
        w.Grad = null;
        var y2 = separate.Forward(x2);
        y2.Square().Sum().Backward();
        Assert.Equal(y2.ToArray(), y1.ToArray());
        Assert.Equal(x2.Grad!.ToArray(), x1.Grad!.ToArray());
        Assert.Equal(w.Grad!.ToArray(), gw);
    }
}
