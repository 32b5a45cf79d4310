using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Checks that every value of a (stride, padding, dilation ...) pair is at least <paramref name="min"/>.</summary>
    private static void CheckPair(string op, string name, (int H, int W) value, int min)
    {
        if (value.H < min || value.W < min)
            throw new ArgumentException(
                $"{op}: {name} must be {(min == 0 ? "non-negative" : "positive")}, got ({value.H}, {value.W})", name);
    }

    /// <summary>
    /// Validates a 2-D convolution's operands (input [N, C, H, W], weight [O, C/groups, KH, KW], bias [O]) and
    /// hyper-parameters, and returns its geometry. <paramref name="transposed"/> selects the transposed
    /// convolution, whose weight is [C, O/groups, KH, KW] and whose output is the convolution's input. Messages show
    /// the shapes of <paramref name="shownInput"/> and <paramref name="shownWeight"/> when given (the caller's 1-D
    /// tensors for conv1d).
    /// </summary>
    private static ConvolutionShape ConvShape(string op, Tensor input, Tensor weight, Tensor? bias,
        (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups, bool transposed,
        (int H, int W) outputPadding = default, Tensor? shownInput = null, Tensor? shownWeight = null)
    {
        string shapes = $"input of shape {ShapeMath.Format((shownInput ?? input).Shape)} and weight of shape {ShapeMath.Format((shownWeight ?? weight).Shape)}";
        if (input.Rank != 4)
            throw new ArgumentException($"{op}: expected a batched [N, C, H, W] or unbatched [C, H, W] input, got {ShapeMath.Format(input.Shape)}", nameof(input));
        if (weight.Rank != 4)
            throw new ArgumentException(
                $"{op}: weight must be 4-D {(transposed ? "[in_channels, out_channels/groups, kH, kW]" : "[out_channels, in_channels/groups, kH, kW]")}, got {ShapeMath.Format(weight.Shape)}", nameof(weight));
        if (groups < 1) throw new ArgumentException($"{op}: groups must be positive, got {groups}", nameof(groups));
        CheckPair(op, "stride", stride, 1);
        CheckPair(op, "padding", padding, 0);
        CheckPair(op, "dilation", dilation, 1);
        CheckPair(op, "outputPadding", outputPadding, 0);
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        int kh = weight.Shape[2], kw = weight.Shape[3];
        if (kh < 1 || kw < 1) throw new ArgumentException($"{op}: the kernel must not be empty; {shapes}", nameof(weight));
        int weightIn = transposed ? weight.Shape[0] : weight.Shape[1] * groups;
        int outChannels = transposed ? weight.Shape[1] * groups : weight.Shape[0];
        if (c % groups != 0)
            throw new ArgumentException($"{op}: the input's {c} channels are not divisible by groups = {groups}; {shapes}", nameof(groups));
        if (transposed ? weight.Shape[0] % groups != 0 : weight.Shape[0] % groups != 0)
            throw new ArgumentException(
                $"{op}: weight dimension 0 ({weight.Shape[0]} {(transposed ? "input" : "output")} channels) is not divisible by groups = {groups}; {shapes}", nameof(groups));
        if (c != weightIn)
            throw new ArgumentException(
                transposed
                    ? $"{op}: {shapes}: the input has {c} channels but the weight expects {weightIn} (weight dimension 0)"
                    : $"{op}: {shapes}: the input has {c} channels but the weight expects {weightIn} (weight dimension 1 = {weight.Shape[1]} per group times groups = {groups})",
                nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outChannels))
            throw new ArgumentException($"{op}: bias must be [{outChannels}] (one value per output channel), got {ShapeMath.Format(bias.Shape)}", nameof(bias));

        if (!transposed)
        {
            int oh = ConvolutionShape.OutputLength(h, kh, stride.H, padding.H, dilation.H);
            int ow = ConvolutionShape.OutputLength(w, kw, stride.W, padding.W, dilation.W);
            if (oh < 1 || ow < 1)
                throw new ArgumentException(
                    $"{op}: the dilated kernel ({dilation.H * (kh - 1) + 1} x {dilation.W * (kw - 1) + 1}) is larger than the padded input ({h + 2 * padding.H} x {w + 2 * padding.W}); {shapes}; use a smaller kernel or dilation, or more padding",
                    nameof(input));
            return new ConvolutionShape(n, c, h, w, outChannels, kh, kw, stride.H, stride.W, padding.H, padding.W,
                dilation.H, dilation.W, oh, ow, groups);
        }

        if ((outputPadding.H >= stride.H && outputPadding.H >= dilation.H) || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
            throw new ArgumentException(
                $"{op}: outputPadding ({outputPadding.H}, {outputPadding.W}) must be smaller than either the stride ({stride.H}, {stride.W}) or the dilation ({dilation.H}, {dilation.W})",
                nameof(outputPadding));
        long outH = (long)(h - 1) * stride.H - 2L * padding.H + (long)dilation.H * (kh - 1) + outputPadding.H + 1;
        long outW = (long)(w - 1) * stride.W - 2L * padding.W + (long)dilation.W * (kw - 1) + outputPadding.W + 1;
        if (outH < 1 || outW < 1)
            throw new ArgumentException(
                $"{op}: the output size would be {outH} x {outW}; {shapes} with stride ({stride.H}, {stride.W}) and padding ({padding.H}, {padding.W}); use less padding",
                nameof(padding));
        // The geometry of the convolution this op is the adjoint of: its image is our output, its output our input.
        return new ConvolutionShape(n, outChannels, (int)outH, (int)outW, c, kh, kw, stride.H, stride.W, padding.H,
            padding.W, dilation.H, dilation.W, h, w, groups);
    }

    /// <summary>The tensor itself when contiguous, else a contiguous copy outside the graph.</summary>
    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.Detach().Contiguous();

    /// <summary>[C, ...] → [1, C, ...] for unbatched inputs of rank <paramref name="batchedRank"/> − 1.</summary>
    private static Tensor BatchedInput(string op, Tensor input, int batchedRank, string layout)
    {
        if (input.Rank == batchedRank) return input;
        if (input.Rank == batchedRank - 1) return input.Unsqueeze(0);
        throw new ArgumentException($"{op}: expected a batched {layout} input or an unbatched one without N, got {ShapeMath.Format(input.Shape)}", nameof(input));
    }
}
