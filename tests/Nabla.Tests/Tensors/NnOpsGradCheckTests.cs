using Nabla.Tests.Autograd;
using static Nabla.Tests.Autograd.GradInputs;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Central-difference gradient checks (<see cref="GradCheck"/>, float32 defaults ε = 1e-3, atol 1e-3, rtol 1e-2) of the
/// normalization, dropout, embedding, upsampling and activation ops, for every differentiable input. Inputs stay
/// away from kinks (hardtanh bounds, PReLU's 0); dropout draws its mask from a generator re-seeded on every call, so
/// the function is deterministic as finite differences require. Embedding is checked without a padding index, whose
/// row deliberately gets no gradient (checked against PyTorch in the reference tests).
/// </summary>
public sealed class NnOpsGradCheckTests
{
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> Function, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["batch_norm train [6,3]"] = (t => Tensor.BatchNorm(t[0], null, null, t[1], t[2], training: true),
            () => [Normal(1, 6, 3), Positive(2, 3), Normal(3, 3)]),
        ["batch_norm train [3,2,4,3]"] = (t => Tensor.BatchNorm(t[0], null, null, t[1], t[2], training: true),
            () => [Normal(4, 3, 2, 4, 3), Positive(5, 2), Normal(6, 2)]),
        ["batch_norm train no affine [4,3,5]"] = (t => Tensor.BatchNorm(t[0], null, null, null, null, training: true),
            () => [Normal(7, 4, 3, 5)]),
        ["batch_norm eval [3,2,4]"] = (t => Tensor.BatchNorm(t[0], Tensor.FromArray([0.1f, -0.2f]), Tensor.FromArray([0.8f, 1.3f]), t[1], t[2], training: false),
            () => [Normal(8, 3, 2, 4), Positive(9, 2), Normal(10, 2)]),
        ["layer_norm [4,6]"] = (t => Tensor.LayerNorm(t[0], [6], t[1], t[2]), () => [Normal(11, 4, 6), Positive(12, 6), Normal(13, 6)]),
        ["layer_norm [2,3,4] over [3,4]"] = (t => Tensor.LayerNorm(t[0], [3, 4], t[1], t[2]), () => [Normal(14, 2, 3, 4), Positive(15, 3, 4), Normal(16, 3, 4)]),
        ["layer_norm no affine"] = (t => Tensor.LayerNorm(t[0], [5]), () => [Normal(17, 3, 5)]),
        ["group_norm [2,4,3,2] groups 2"] = (t => Tensor.GroupNorm(t[0], 2, t[1], t[2]), () => [Normal(18, 2, 4, 3, 2), Positive(19, 4), Normal(20, 4)]),
        ["group_norm [3,6] groups 3 no affine"] = (t => Tensor.GroupNorm(t[0], 3), () => [Normal(21, 3, 6)]),
        ["dropout p=0.4"] = (t => Tensor.Dropout(t[0], 0.4f, training: true, new Generator(5)), () => [Normal(22, 4, 5)]),
        ["dropout2d p=0.5"] = (t => Tensor.Dropout2d(t[0], 0.5f, training: true, new Generator(6)), () => [Normal(23, 2, 3, 2, 2)]),
        ["embedding"] = (t => Tensor.Embedding(Indices([1, 3, 3, 0, 2, 1], 2, 3), t[0]), () => [Normal(24, 4, 3)]),
        ["upsample_nearest2d size"] = (t => Tensor.UpsampleNearest2d(t[0], size: (5, 7)), () => [Normal(25, 1, 2, 3, 4)]),
        ["upsample_nearest2d scale"] = (t => Tensor.UpsampleNearest2d(t[0], scaleFactor: (2f, 1.5f)), () => [Normal(26, 2, 1, 2, 3)]),
        ["selu"] = (t => t[0].Selu(), () => [NonZero(27, 3, 4)]),
        ["mish"] = (t => t[0].Mish(), () => [Normal(28, 3, 4)]),
        ["hardtanh"] = (t => t[0].Hardtanh(-0.5f, 1.2f), () => [AwayFrom(29, [-0.5f, 1.2f], 3, 4)]),
        ["prelu shared"] = (t => Tensor.Prelu(t[0], t[1]), () => [NonZero(30, 3, 4), Positive(31, 1)]),
        ["prelu channels"] = (t => Tensor.Prelu(t[0], t[1]), () => [NonZero(32, 2, 3, 4), Positive(33, 3)]),
    };

    public static TheoryData<string> Names() => CaseNames.Of(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void AnalyticMatchesNumeric(string name)
    {
        var (function, inputs) = Cases[name];
        Check(function, inputs());
    }
}
