using Nabla.Nn;

namespace Nabla.Tests.Onnx;

/// <summary>Layers that cannot be exported fail with a NotSupportedException naming the layer's qualified name and type.</summary>
public sealed class OnnxExportErrorTests
{
    private sealed class Custom : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }

    /// <summary>A separate type for the registration test, so that registering it cannot affect the others.</summary>
    private sealed class Pluggable : Module
    {
        public override Tensor Forward(Tensor input) => input * 2f;
    }

    private static NotSupportedException Fails(Module model, int[] shape, int opset = 21) =>
        Assert.Throws<NotSupportedException>(() => model.ToOnnx(shape, opset));

    [Fact]
    public void Unregistered_module_is_named()
    {
        var e = Fails(new Sequential(new Linear(3, 3), new Sequential(new ReLU(), new Custom())), [1, 3]);
        Assert.Contains("Custom at '1.1'", e.Message);
        Assert.Contains("OnnxExporters.Register", e.Message);
    }

    [Fact]
    public void Divisor_override_is_rejected()
    {
        var e = Fails(new Sequential(new Conv2d(1, 2, 3), new AvgPool2d(2, divisorOverride: 3)), [1, 1, 6, 6]);
        Assert.Contains("AvgPool2d at '1'", e.Message);
        Assert.Contains("divisor_override=3", e.Message);
    }

    [Fact]
    public void Uneven_adaptive_pooling_is_rejected()
    {
        var e = Fails(new Sequential(new AdaptiveAvgPool2d(3)), [1, 2, 7, 7]);
        Assert.Contains("AdaptiveAvgPool2d at '0'", e.Message);
        Assert.Contains("does not divide", e.Message);
    }

    [Fact]
    public void LayerNorm_below_opset_17_names_the_opset()
    {
        var e = Fails(new Sequential(new Linear(4, 4), new LayerNorm(4)), [1, 4], opset: 16);
        Assert.Contains("LayerNorm at '1'", e.Message);
        Assert.Contains("opset 17", e.Message);
    }

    [Fact]
    public void BatchNorm_without_running_statistics_is_rejected()
    {
        var e = Fails(new BatchNorm1d(4, trackRunningStats: false), [1, 4]);
        Assert.Contains("BatchNorm1d at the model's root", e.Message);
    }

    [Fact]
    public void Unflatten_of_the_batch_dimension_is_rejected()
    {
        var e = Fails(new Sequential(new Unflatten(0, 2, 3)), [6, 4]);
        Assert.Contains("dynamic batch", e.Message);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(23)]
    public void Opset_outside_the_range_is_rejected(int opset) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(2, 2).ToOnnx([1, 2], opset));

    [Fact]
    public void Custom_module_exports_once_registered()
    {
        Assert.False(Nabla.Onnx.OnnxExporters.CanExport(typeof(Pluggable)));
        Nabla.Onnx.OnnxExporters.Register<Pluggable>((context, module, input) =>
            context.Output(module, input, context.Node(module, "Mul", [input.Name, context.Scalar(module, "two", 2f)])));
        Assert.True(Nabla.Onnx.OnnxExporters.CanExport(typeof(Pluggable)));
        OnnxRuntimeCheck.AssertMatches(new Sequential(new Linear(3, 2), new Pluggable()), [1, 3]);
    }
}
