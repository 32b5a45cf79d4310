using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in PyTorch):
    /// y[n, o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{p, q} w[o, c, p, q] · x[n, g·C/groups + c, i·sH − pH + p·dH, j·sW − pW + q·dW],
    /// zero outside the input, for input [N, C, H, W] (or unbatched [C, H, W]), weight [O, C/groups, kH, kW] and
    /// bias [O]; the output is [N, O, ⌊(H + 2pH − dH(kH − 1) − 1)/sH⌋ + 1, ⌊(W + 2pW − dW(kW − 1) − 1)/sW⌋ + 1].
    /// Differentiable with respect to input, weight and bias.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="weight">[O, C/groups, kH, kW].</param>
    /// <param name="bias">[O], or null for none.</param>
    /// <param name="stride">Step between output pixels (default (1, 1)).</param>
    /// <param name="padding">Zeros added on both sides of each spatial axis (default (0, 0)).</param>
    /// <param name="dilation">Spacing between kernel taps (default (1, 1)).</param>
    /// <param name="groups">Channel groups: each output channel sees C/groups input channels (C for depthwise).</param>
    /// <exception cref="ArgumentException">Shapes or hyper-parameters do not fit (the message names both shapes).</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, (int, int)? stride = null,
        (int, int)? padding = null, (int, int)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Conv2dCore("conv2d", input, weight, bias, stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), groups, null, null);
    }

    private static unsafe Tensor Conv2dCore(string op, Tensor input, Tensor weight, Tensor? bias, (int, int) stride,
        (int, int) padding, (int, int) dilation, int groups, Tensor? shownInput, Tensor? shownWeight)
    {
        var x = BatchedInput(op, input, 4, "[N, C, H, W]");
        var s = ConvShape(op, x, weight, bias, stride, padding, dilation, groups, transposed: false,
            shownInput: shownInput, shownWeight: shownWeight);
        var xd = Dense(x);
        var wd = Dense(weight);
        var bd = bias is null ? null : Dense(bias);
        var result = Allocate([s.Batch, s.OutChannels, s.OutHeight, s.OutWidth]);
        Convolution.Forward(s, xd.Pointer, wd.Pointer, bd is null ? null : bd.Pointer, result.Pointer);
        if (Autograd.IsEnabled && (x.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(bias is null ? new ConvNode(op, s, x, weight) : new ConvNode(op, s, x, weight, bias));
        return input.Rank == 3 ? result.Squeeze(0) : result;
    }

    /// <summary>
    /// 1-D convolution: y[n, o, i] = b[o] + Σ_{c ∈ group(o)} Σ_p w[o, c, p] · x[n, c, i·stride − padding + p·dilation]
    /// for input [N, C, L] (or unbatched [C, L]), weight [O, C/groups, k] and bias [O]; the output is
    /// [N, O, ⌊(L + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1]. Differentiable with respect to all three.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or hyper-parameters do not fit.</exception>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0,
        int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"conv1d: expected a batched [N, C, L] or unbatched [C, L] input, got {ShapeMath.Format(input.Shape)}", nameof(input));
        if (weight.Rank != 3)
            throw new ArgumentException($"conv1d: weight must be 3-D [out_channels, in_channels/groups, k], got {ShapeMath.Format(weight.Shape)}", nameof(weight));
        var result = Conv2dCore("conv1d", input.Unsqueeze(-2), weight.Unsqueeze(2), bias, (1, stride), (0, padding),
            (1, dilation), groups, input, weight);
        return result.Squeeze(-2);
    }

    /// <summary>Backward of <see cref="Conv2d"/>: dx = col2im(wᵀ·g), dw = Σ_n g_n·im2col(x_n)ᵀ, db = Σ over N, H, W of g.</summary>
    private sealed class ConvNode : Node
    {
        private readonly ConvolutionShape _shape;

        public ConvNode(string name, ConvolutionShape shape, Tensor input, Tensor weight) : base(name, input, weight) => _shape = shape;

        public ConvNode(string name, ConvolutionShape shape, Tensor input, Tensor weight, Tensor bias)
            : base(name, [input, weight, bias]) => _shape = shape;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var s = _shape;
            var gd = Dense(g);
            if (NeedsGrad(0))
            {
                var w = Dense(Input(1));
                var dx = Allocate(Input(0).Shape);
                Convolution.BackwardData(s, gd.Pointer, w.Pointer, null, dx.Pointer);
                grads[0] = dx;
            }
            var db = InputCount == 3 && NeedsGrad(2) ? Allocate([s.OutChannels]) : null;
            if (NeedsGrad(1))
            {
                var x = Dense(Input(0));
                var dw = Allocate(Input(1).Shape);
                Convolution.BackwardWeight(s, x.Pointer, gd.Pointer, dw.Pointer, db is null ? null : db.Pointer);
                grads[1] = dw;
            }
            else if (db is not null)
            {
                Convolution.BiasGrad(gd.Pointer, s.Batch, s.OutChannels, s.OutPixels, db.Pointer);
            }
            if (db is not null) grads[2] = db;
        }
    }
}
