using Nabla.Nn;

namespace Nabla.Tests.Nn.Layers;

/// <summary>
/// Every layer, forward and backward, against PyTorch 1.13's torch.nn on the cases of fixtures/nn.json (written by
/// fixtures/generate_nn.py). Each case builds the Nabla layer with the torch layer's arguments, loads PyTorch's
/// state_dict with a strict <see cref="Module.LoadStateDict"/> (so the parameter and buffer names must be PyTorch's),
/// switches to the case's mode, runs the input forward, back-propagates the fixture's upstream gradient and compares
/// the output, the input gradient and every parameter gradient (the set of gradient names too). Batch-norm cases
/// also run three further training batches and compare running_mean, running_var and num_batches_tracked.
///
/// The fixture holds float64 results of the float32 inputs, rounded once to float32, so the tolerances measure
/// Nabla's own float32 error. An element passes when |got − want| ≤ atol + rtol·|want|, with S the fixture's scale
/// of that tensor (the largest sum of |terms| one element accumulates; see generate_nn.py for how it is computed):
///
/// | family       | checked tensors                                                     | rtol | atol               |
/// |--------------|---------------------------------------------------------------------|------|--------------------|
/// | exact        | forward of MaxPool, Flatten, Unflatten, Identity, Upsample,          | 0    | 0                  |
/// |              | Embedding, Dropout/Dropout2d (p = 0 or eval); input gradients of the  |      |                    |
/// |              | reshaping layers, Identity and the dropouts                           |      |                    |
/// | element-wise | forward and gradients of the activations (ReLU … LogSoftmax, PReLU's  | 1e-5 | 1e-6·max(1, S)     |
/// |              | input gradient)                                                       |      |                    |
/// | accumulating | everything else: linear/conv/pooling/norm layers, PReLU's slope       | 1e-5 | 1e-5·max(1, S)     |
/// |              | gradient, batch-norm running statistics, the two small models         |      |                    |
///
/// Why: one float32 rounding is 6e-8 relative. An element-wise function good to a few ulp stays far inside
/// rtol = 1e-5 (≈ 80 ulp), and atol covers values near zero. A result that adds n float32 terms in any order has an
/// error of about √n·eps·S and at most n·eps·S; the sums here have n ≤ 150, so 1e-5·S leaves room for the
/// summation order while any indexing, stride, padding or formula bug (an O(1) relative error) still fails. Copies
/// and selections do no arithmetic, so they must be exact. For the small models (up to eight layers composed) S is only the
/// largest |value| of each tensor, yet its errors stay as small as those of single layers. Measured when written:
/// the largest error of any checked element was 0.04 of its tolerance (Tanh's input gradient), the largest in the
/// models 0.02, most below 0.01.
/// </summary>
public sealed class LayerReferenceTests
{
    internal enum Family { Exact, Elementwise, Accumulating }

    private static readonly HashSet<string> ExactForward =
        ["MaxPool1d", "MaxPool2d", "Flatten", "Unflatten", "Identity", "Upsample", "Embedding", "Dropout", "Dropout2d"];
    private static readonly HashSet<string> ExactBackward = ["Flatten", "Unflatten", "Identity", "Dropout", "Dropout2d"];
    private static readonly HashSet<string> Activations =
        ["ReLU", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Hardtanh", "Softplus", "Softmax", "LogSoftmax"];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in LayerFixture.Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Forward_and_backward_match_pytorch(string name)
    {
        var c = LayerFixture.Cases[name];
        var layer = LayerFixture.Build(c);
        layer.LoadStateDict(c.StateTensors());
        layer.Train(c.Training);

        var x = c.Input.ToTensor();
        x.RequiresGrad = c.InputKind == "float";
        var y = layer.Forward(x);
        Check(name + " output", y, c.Output, ForwardFamily(c.Layer));

        y.Backward(c.Upstream.ToTensor());
        if (c.InputGrad is null)
            Assert.Null(x.Grad);
        else
            Check(name + " input grad", x.Grad ?? throw new Xunit.Sdk.XunitException($"{name}: no input gradient"), c.InputGrad, BackwardFamily(c.Layer));

        var parameters = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        Assert.Equal(c.ParamGrads.Keys.Order(), parameters.Keys.Order());
        foreach (var (key, want) in c.ParamGrads)
        {
            var grad = parameters[key].Grad ?? throw new Xunit.Sdk.XunitException($"{name}: parameter {key} has no gradient");
            Check($"{name} grad of {key}", grad, want, Family.Accumulating);
        }
    }

    public static TheoryData<string> BatchNormCases()
    {
        var data = new TheoryData<string>();
        foreach (var (name, c) in LayerFixture.Cases)
            if (c.Steps is not null) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void Batch_norm_running_statistics_match_pytorch_after_three_steps(string name)
    {
        var c = LayerFixture.Cases[name];
        var steps = c.Steps!;
        var layer = LayerFixture.Build(c);
        layer.LoadStateDict(c.StateTensors());
        using (Nabla.Autograd.NoGrad())
            foreach (var input in steps.Inputs)
                layer.Forward(input.ToTensor());
        var state = layer.StateDict();
        foreach (var key in new[] { "running_mean", "running_var", "num_batches_tracked" })
            Check($"{name} {key}", state[key], steps.State[key], Family.Accumulating);
        Assert.Equal(3f, state["num_batches_tracked"].Item());
    }

    [Fact]
    public void Fixture_covers_every_layer_in_train_and_eval_mode()
    {
        string[] layers =
        [
            "Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
            "Flatten", "Unflatten", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "Dropout", "Dropout2d",
            "Embedding", "Identity", "Upsample", .. Activations, "Model", "ShortcutModel",
        ];
        foreach (var layer in layers)
        {
            Assert.Contains(LayerFixture.Cases.Values, c => c.Layer == layer && c.Mode == "eval");
            if (!layer.StartsWith("Dropout", StringComparison.Ordinal))
                Assert.Contains(LayerFixture.Cases.Values, c => c.Layer == layer && c.Mode == "train");
        }
        Assert.Contains(LayerFixture.Cases.Values, c => c.Layer == "Dropout" && c.Mode == "train" && c.Float("p", -1f) == 0f);
        Assert.Contains(LayerFixture.Cases.Values, c => c.Layer == "BatchNorm1d" && c.Input.Shape.Length == 2);
        Assert.Contains(LayerFixture.Cases.Values, c => c.Layer == "BatchNorm1d" && c.Input.Shape.Length == 3);
    }

    private static Family ForwardFamily(string layer) =>
        ExactForward.Contains(layer) ? Family.Exact
        : Activations.Contains(layer) ? Family.Elementwise
        : Family.Accumulating;

    private static Family BackwardFamily(string layer) =>
        ExactBackward.Contains(layer) ? Family.Exact
        : Activations.Contains(layer) ? Family.Elementwise
        : Family.Accumulating;

    /// <summary>Compares shape and values under the family's tolerance (see the class table); reports the worst element.</summary>
    internal static void Check(string what, Tensor got, LayerTensor want, Family family)
    {
        Assert.True(want.Shape.SequenceEqual(got.Shape.ToArray()),
            $"{what}: shape {ShapeMath.Format(got.Shape)}, PyTorch [{string.Join(", ", want.Shape)}]");
        var values = got.ToArray();
        double s = Math.Max(1.0, want.Scale ?? MaxAbs(want.Data));
        var (rtol, atol) = family switch
        {
            Family.Exact => (0.0, 0.0),
            Family.Elementwise => (1e-5, 1e-6 * s),
            _ => (1e-5, 1e-5 * s),
        };
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double err = Math.Abs((double)values[i] - want.Data[i]);
            double excess = err - (atol + rtol * Math.Abs(want.Data[i]));
            if (excess > worstExcess || (float.IsNaN(values[i]) && worst < 0))
            {
                worstExcess = excess;
                worst = i;
            }
        }
        Assert.True(worst < 0,
            worst < 0 ? "" : $"{what} [{family}]: element {worst} is {values[worst]:R}, PyTorch {want.Data[worst]:R} (|error| {Math.Abs(values[worst] - want.Data[worst]):G3}, atol {atol:G3}, rtol {rtol:G3})");
    }

    private static double MaxAbs(float[] data)
    {
        double m = 0;
        foreach (float v in data) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
