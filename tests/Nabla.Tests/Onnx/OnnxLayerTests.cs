using Nabla.Nn;

namespace Nabla.Tests.Onnx;

/// <summary>
/// Every exportable layer, exported alone (or inside a minimal Sequential when it needs a prefix), gives the same
/// output in ONNX Runtime as Nabla's eval-mode forward for two batch sizes (the batch dimension is dynamic).
/// Parameters and batch-norm statistics are randomized so that none is at its default. Tolerance: see
/// <see cref="OnnxRuntimeCheck"/>.
/// </summary>
public sealed class OnnxLayerTests
{
    private static readonly Dictionary<string, (Func<Module> Make, int[] Shape)> Cases = new()
    {
        ["Linear"] = (() => new Linear(6, 4), [1, 6]),
        ["Linear no bias"] = (() => new Linear(6, 4, bias: false), [1, 6]),
        ["Linear rank 3"] = (() => new Linear(6, 4), [1, 3, 6]),
        ["Conv1d"] = (() => new Conv1d(4, 6, 3, stride: 2, padding: 1, dilation: 2, groups: 2), [1, 4, 11]),
        ["Conv2d"] = (() => new Conv2d(3, 4, (3, 2), stride: (2, 1), padding: (1, 2)), [1, 3, 9, 8]),
        ["Conv2d grouped dilated no bias"] = (() => new Conv2d(4, 6, 3, dilation: 2, groups: 2, bias: false), [1, 4, 9, 9]),
        ["ConvTranspose2d"] = (() => new ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2), [1, 4, 5, 6]),
        ["ConvTranspose2d dilated"] = (() => new ConvTranspose2d(3, 2, (2, 3), stride: (1, 2), dilation: 2), [1, 3, 4, 5]),
        ["MaxPool1d"] = (() => new MaxPool1d(3, stride: 2, padding: 1), [1, 3, 10]),
        ["MaxPool1d dilated ceil"] = (() => new MaxPool1d(2, stride: 2, dilation: 2, ceilMode: true), [1, 2, 10]),
        ["MaxPool2d"] = (() => new MaxPool2d(2), [1, 3, 8, 6]),
        ["MaxPool2d padded ceil"] = (() => new MaxPool2d(3, stride: 2, padding: 1, ceilMode: true), [1, 2, 8, 9]),
        ["AvgPool2d"] = (() => new AvgPool2d(2), [1, 3, 8, 6]),
        ["AvgPool2d padded include pad"] = (() => new AvgPool2d(3, stride: 2, padding: 1), [1, 2, 9, 8]),
        ["AvgPool2d padded exclude pad"] = (() => new AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false), [1, 2, 9, 8]),
        ["AvgPool2d ceil"] = (() => new AvgPool2d(2, stride: 2, ceilMode: true), [1, 2, 7, 7]),
        ["AvgPool2d padded ceil include pad"] = (() => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true), [1, 2, 8, 8]),
        ["AvgPool2d padded ceil exclude pad"] = (() => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false), [1, 2, 8, 8]),
        ["MaxPool2d ceil last window in padding"] = (() => new MaxPool2d(2, stride: 2, padding: 1, ceilMode: true), [1, 2, 5, 5]),
        ["AdaptiveAvgPool2d 1"] = (() => new AdaptiveAvgPool2d(1), [1, 3, 5, 7]),
        ["AdaptiveAvgPool2d divisible"] = (() => new AdaptiveAvgPool2d((2, 3)), [1, 3, 6, 9]),
        ["BatchNorm1d"] = (() => new BatchNorm1d(5), [1, 5]),
        ["BatchNorm1d sequence"] = (() => new BatchNorm1d(5), [1, 5, 7]),
        ["BatchNorm2d"] = (() => new BatchNorm2d(3), [1, 3, 4, 5]),
        ["BatchNorm2d no affine"] = (() => new BatchNorm2d(3, affine: false), [1, 3, 4, 5]),
        ["LayerNorm"] = (() => new LayerNorm(6), [1, 4, 6]),
        ["LayerNorm two dims no bias"] = (() => new LayerNorm([4, 6], bias: false), [1, 4, 6]),
        ["LayerNorm no affine"] = (() => new LayerNorm(6, elementwiseAffine: false), [1, 6]),
        ["GroupNorm"] = (() => new GroupNorm(2, 6), [1, 6, 4, 3]),
        ["GroupNorm no affine"] = (() => new GroupNorm(3, 6, affine: false), [1, 6, 5]),
        ["Flatten"] = (() => new Flatten(), [1, 3, 4, 5]),
        ["Flatten middle"] = (() => new Flatten(1, 2), [1, 3, 4, 5]),
        ["Flatten from 0"] = (() => new Flatten(0, 1), [1, 3, 4]),
        ["Unflatten"] = (() => new Unflatten(1, 3, 4), [1, 12]),
        ["Dropout"] = (() => new Sequential(new Linear(4, 3), new Dropout(0.5f)), [1, 4]),
        ["Dropout2d"] = (() => new Sequential(new Conv2d(2, 3, 1), new Dropout2d(0.3f)), [1, 2, 3, 3]),
        ["Identity"] = (() => new Identity(), [1, 4]),
        ["Embedding"] = (() => new Embedding(10, 4, paddingIndex: 0), [1, 5]),
        ["Upsample scale"] = (() => new Upsample(2f), [1, 2, 3, 4]),
        ["Upsample size"] = (() => new Upsample(new Size2(5, 7)), [1, 2, 3, 4]),
        ["Upsample fractional scale"] = (() => new Upsample((1.5f, 2.5f)), [1, 2, 4, 4]),
        ["ReLU"] = (() => new ReLU(), [1, 7]),
        ["LeakyReLU"] = (() => new LeakyReLU(0.2f), [1, 7]),
        ["PReLU single"] = (() => new PReLU(), [1, 3, 4]),
        ["PReLU channels"] = (() => new PReLU(3, 0.1f), [1, 3, 4, 2]),
        ["ELU"] = (() => new ELU(0.7f), [1, 7]),
        ["SELU"] = (() => new SELU(), [1, 7]),
        ["GELU"] = (() => new GELU(), [1, 7]),
        ["GELU tanh"] = (() => new GELU(tanhApproximation: true), [1, 7]),
        ["Sigmoid"] = (() => new Sigmoid(), [1, 7]),
        ["Tanh"] = (() => new Tanh(), [1, 7]),
        ["Softplus"] = (() => new Softplus(), [1, 7]),
        ["Softplus beta threshold"] = (() => new Softplus(2f, 1f), [1, 7]),
        ["Softmax"] = (() => new Softmax(1), [1, 3, 4]),
        ["LogSoftmax"] = (() => new LogSoftmax(-1), [1, 3, 4]),
        ["Hardtanh"] = (() => new Hardtanh(-0.5f, 0.8f), [1, 7]),
        ["SiLU"] = (() => new SiLU(), [1, 7]),
        ["Mish"] = (() => new Mish(), [1, 7]),
        ["Residual identity"] = (() => new Residual(new Sequential(new Linear(4, 4), new Tanh())), [1, 4]),
        ["Residual shortcut"] = (() => new Residual(new Conv2d(2, 3, 3, padding: 1), new Conv2d(2, 3, 1)), [1, 2, 4, 4]),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Layer_matches_onnx_runtime(string name)
    {
        var (make, shape) = Cases[name];
        var model = OnnxTestModels.Randomize(make(), 3);
        Func<int[], Generator, Tensor>? input = name == "Embedding"
            ? (s, g) => OnnxTestModels.Indices(s, 10, g)
            : null;
        OnnxRuntimeCheck.AssertMatches(model, shape, input);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(22)]
    public void Activations_and_norms_match_at_other_opsets(int opset)
    {
        var model = OnnxTestModels.Randomize(new Sequential(
            new Linear(5, 6), new GELU(), new GELU(tanhApproximation: true), new Softplus(), new Unflatten(1, 2, 3),
            new GroupNorm(1, 2), new Flatten(), new BatchNorm1d(6)), 4);
        if (opset >= 17)
            model = new Sequential(model, OnnxTestModels.Randomize(new LayerNorm(6), 5));
        OnnxRuntimeCheck.AssertMatches(model, [1, 5], opset: opset);
    }
}
