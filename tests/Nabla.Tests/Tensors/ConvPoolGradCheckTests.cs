using Nabla.Tests.Autograd;
using static Nabla.Tests.Autograd.GradInputs;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Central-difference gradient checks (<see cref="GradCheck"/>, its float32 defaults) of the convolution and pooling
/// ops on small inputs, with respect to every differentiable operand. Max pooling uses
/// <see cref="Distinct"/> inputs (values 0.1 apart), so the ±1e-3 perturbation never changes a window's maximum.
/// </summary>
public sealed class ConvPoolGradCheckTests
{
    private sealed record Case(Func<Tensor[], Tensor> Function, Func<Tensor[]> Inputs);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["conv2d 3x3 bias"] = new(t => Tensor.Conv2d(t[0], t[1], t[2]), () => [Normal(1, 2, 2, 5, 4), Normal(2, 3, 2, 3, 3), Normal(3, 3)]),
        ["conv2d stride/pad/dilation"] = new(t => Tensor.Conv2d(t[0], t[1], t[2], (2, 1), (1, 2), (2, 1)),
            () => [Normal(4, 1, 2, 7, 5), Normal(5, 3, 2, 2, 3), Normal(6, 3)]),
        ["conv2d groups"] = new(t => Tensor.Conv2d(t[0], t[1], null, padding: (1, 1), groups: 2),
            () => [Normal(7, 2, 4, 4, 3), Normal(8, 4, 2, 3, 3)]),
        ["conv2d depthwise"] = new(t => Tensor.Conv2d(t[0], t[1], t[2], stride: (2, 2), padding: (1, 1), groups: 3),
            () => [Normal(9, 1, 3, 5, 5), Normal(10, 3, 1, 3, 3), Normal(11, 3)]),
        ["conv2d 1x1 unbatched"] = new(t => Tensor.Conv2d(t[0], t[1], t[2]), () => [Normal(12, 3, 3, 2), Normal(13, 2, 3, 1, 1), Normal(14, 2)]),
        ["conv2d strided input view"] = new(t => Tensor.Conv2d(t[0].Transpose(2, 3), t[1], padding: (1, 0)),
            () => [Normal(15, 1, 2, 4, 5), Normal(16, 2, 2, 2, 2)]),
        ["conv1d"] = new(t => Tensor.Conv1d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: 2),
            () => [Normal(17, 2, 2, 9), Normal(18, 3, 2, 3), Normal(19, 3)]),
        ["conv_transpose2d"] = new(t => Tensor.ConvTranspose2d(t[0], t[1], t[2], (2, 2), (1, 0), (1, 1)),
            () => [Normal(20, 2, 2, 3, 3), Normal(21, 2, 3, 3, 2), Normal(22, 3)]),
        ["conv_transpose2d groups dilation"] = new(t => Tensor.ConvTranspose2d(t[0], t[1], null, dilation: (2, 1), groups: 2),
            () => [Normal(23, 1, 4, 3, 3), Normal(24, 4, 1, 2, 2)]),
        ["max_pool2d 2x2"] = new(t => Tensor.MaxPool2d(t[0], (2, 2)), () => [Distinct(25, 0f, 2, 2, 5, 4)]),
        ["max_pool2d overlap pad dilation ceil"] = new(t => Tensor.MaxPool2d(t[0], (3, 2), (2, 1), (1, 1), (1, 2), ceilMode: true),
            () => [Distinct(26, 0.05f, 1, 2, 6, 7)]),
        ["max_pool1d"] = new(t => Tensor.MaxPool1d(t[0], 3, 2, 1), () => [Distinct(27, 0f, 2, 2, 8)]),
        ["avg_pool2d include pad"] = new(t => Tensor.AvgPool2d(t[0], (3, 3), (2, 2), (1, 1), ceilMode: true),
            () => [Normal(28, 2, 2, 6, 5)]),
        ["avg_pool2d exclude pad"] = new(t => Tensor.AvgPool2d(t[0], (2, 3), (1, 2), (1, 1), countIncludePad: false),
            () => [Normal(29, 1, 2, 5, 6)]),
        ["avg_pool2d divisor"] = new(t => Tensor.AvgPool2d(t[0], (2, 2), divisorOverride: 3), () => [Normal(30, 2, 5, 4)]),
        ["adaptive_avg_pool2d"] = new(t => Tensor.AdaptiveAvgPool2d(t[0], (3, 2)), () => [Normal(31, 2, 2, 7, 5)]),
        ["adaptive_avg_pool2d global"] = new(t => Tensor.AdaptiveAvgPool2d(t[0], (1, 1)), () => [Normal(32, 2, 3, 4, 3)]),
        ["conv-pool chain"] = new(t => Tensor.AvgPool2d(Tensor.MaxPool2d(Tensor.Conv2d(t[0], t[1], t[2], padding: (1, 1)), (2, 2)).Tanh(), (2, 2)),
            () => [Normal(33, 1, 2, 8, 8), Normal(34, 2, 2, 3, 3), Normal(35, 2)]),
    };

    public static TheoryData<string> Names() => CaseNames.Of(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var c = Cases[name];
        Check(c.Function, c.Inputs());
    }
}
