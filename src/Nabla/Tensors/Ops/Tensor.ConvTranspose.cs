using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D transposed convolution (the gradient of <see cref="Conv2d"/> with respect to its input, PyTorch's
    /// <c>conv_transpose2d</c>): every input pixel x[n, c, i, j] adds x · w[c, o, p, q] to
    /// y[n, g·O/groups + o, i·sH − pH + p·dH, j·sW − pW + q·dW], then b[o] is added everywhere; input [N, C, H, W]
    /// (or unbatched [C, H, W]), weight [C, O/groups, kH, kW], bias [O]. The output is [N, O, H', W'] with
    /// H' = (H − 1)·sH − 2pH + dH(kH − 1) + outputPaddingH + 1 (W' alike); outputPadding, which must be smaller than
    /// the stride or the dilation, picks among the sizes a strided convolution maps to the same input size.
    /// Differentiable with respect to input, weight and bias.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="weight">[C, O/groups, kH, kW] (PyTorch's layout).</param>
    /// <param name="bias">[O], or null for none.</param>
    /// <param name="stride">Default (1, 1).</param>
    /// <param name="padding">Removed from both sides of the output (default (0, 0)).</param>
    /// <param name="outputPadding">Extra rows/columns added on the bottom/right of the output (default (0, 0)).</param>
    /// <param name="dilation">Default (1, 1).</param>
    /// <param name="groups">Channel groups (default 1).</param>
    /// <exception cref="ArgumentException">Shapes or hyper-parameters do not fit.</exception>
    public static unsafe Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, (int, int)? stride = null,
        (int, int)? padding = null, (int, int)? outputPadding = null, (int, int)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        const string op = "conv_transpose2d";
        var x = BatchedInput(op, input, 4, "[N, C, H, W]");
        var s = ConvShape(op, x, weight, bias, stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), groups,
            transposed: true, outputPadding ?? (0, 0));
        var xd = Dense(x);
        var wd = Dense(weight);
        var bd = bias is null ? null : Dense(bias);
        var result = Allocate([s.Batch, s.Channels, s.Height, s.Width]);
        Convolution.BackwardData(s, xd.Pointer, wd.Pointer, bd is null ? null : bd.Pointer, result.Pointer);
        if (Autograd.IsEnabled && (x.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(bias is null ? new ConvTransposeNode(op, s, x, weight) : new ConvTransposeNode(op, s, x, weight, bias));
        return input.Rank == 3 ? result.Squeeze(0) : result;
    }

    /// <summary>
    /// Backward of <see cref="ConvTranspose2d"/>, the convolution passes with the roles swapped: dx = conv(g, w),
    /// dw = Σ_n x_n·im2col(g_n)ᵀ, db = Σ over N, H, W of g.
    /// </summary>
    private sealed class ConvTransposeNode : Node
    {
        private readonly ConvolutionShape _shape;

        public ConvTransposeNode(string name, ConvolutionShape shape, Tensor input, Tensor weight) : base(name, input, weight) => _shape = shape;

        public ConvTransposeNode(string name, ConvolutionShape shape, Tensor input, Tensor weight, Tensor bias)
            : base(name, [input, weight, bias]) => _shape = shape;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var s = _shape;
            var gd = Dense(g);
            if (NeedsGrad(0))
            {
                var w = Dense(Input(1));
                var dx = Allocate(Input(0).Shape);
                Convolution.Forward(s, gd.Pointer, w.Pointer, null, dx.Pointer);
                grads[0] = dx;
            }
            if (NeedsGrad(1))
            {
                var x = Dense(Input(0));
                var dw = Allocate(Input(1).Shape);
                Convolution.BackwardWeight(s, gd.Pointer, x.Pointer, dw.Pointer);
                grads[1] = dw;
            }
            if (InputCount == 3 && NeedsGrad(2))
            {
                var db = Allocate([s.Channels]);
                Convolution.BiasGrad(gd.Pointer, s.Batch, s.Channels, s.InPixels, db.Pointer);
                grads[2] = db;
            }
        }
    }
}
