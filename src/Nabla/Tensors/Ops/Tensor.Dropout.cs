using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Dropout (PyTorch's <c>F.dropout</c>): in training each element is zeroed with probability <paramref name="p"/>
    /// and the kept ones are scaled by 1/(1 − p), so the expected value is unchanged: y = x·m/(1 − p), m ~ Bernoulli(1 − p).
    /// The mask is drawn and applied in one pass and reused by backward (dx = g·m/(1 − p)). In evaluation, or with
    /// p = 0, the input itself is returned; p = 1 gives zeros. Draws come from <paramref name="generator"/>, or
    /// <see cref="Generator.Default"/> (seeded by <see cref="Generator.ManualSeed"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor Dropout(Tensor input, float p, bool training, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropoutP(p, "dropout");
        if (!training || p == 0f) return input;
        return DropoutCore("dropout", input, p, input.Numel, 1, generator);
    }

    /// <summary>
    /// Channel dropout (PyTorch's <c>F.dropout2d</c>): in training each channel of an [N, C, H, W] input (or an
    /// unbatched [C, H, W] one) is zeroed as a whole with probability <paramref name="p"/>, the others scaled by
    /// 1/(1 − p). Same evaluation, p = 0 and p = 1 behaviour as <see cref="Dropout"/>. A 3-D input is an unbatched
    /// image (each of its C channels is dropped as a whole); PyTorch 1.13 instead reads it as [N, C, L] with a warning.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 3-D or 4-D.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor Dropout2d(Tensor input, float p, bool training, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropoutP(p, "dropout2d");
        if (input.Rank is not (3 or 4))
            throw new ArgumentException(
                $"dropout2d: input must be [N, C, H, W] or [C, H, W], got shape {ShapeMath.Format(input.Shape)}");
        if (!training || p == 0f) return input;
        int spatial = input.Shape[^1] * input.Shape[^2];
        int channels = spatial == 0 ? 0 : input.Numel / spatial;
        return DropoutCore("dropout2d", input, p, channels, spatial, generator);
    }

    private static void CheckDropoutP(float p, string op)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{op}: probability p must be in [0, 1], got {p}");
    }

    private static unsafe Tensor DropoutCore(string name, Tensor input, float p, int draws, int run, Generator? generator)
    {
        var result = Allocate(input.Shape);
        var mask = Allocate(input.Shape);
        if (p == 1f)
        {
            result.ContiguousSpan().Clear();
            mask.ContiguousSpan().Clear();
        }
        else
        {
            var x = input.IsContiguous ? input : input.Detach().Contiguous();
            DropoutKernel.Forward(x.Pointer, mask.Pointer, result.Pointer, draws, run, p, generator ?? Generator.Default);
            GC.KeepAlive(x);
        }
        if (input.RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new DropoutNode(name, input, mask));
        return result;
    }

    private sealed class DropoutNode(string name, Tensor input, Tensor mask) : Node(name, input)
    {
        private Tensor? _mask = mask;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var dx = Allocate(_mask!.Shape);
            TensorPrimitives.Multiply(g.Contiguous().ContiguousSpan(), _mask.ContiguousSpan(), dx.ContiguousSpan());
            grads[0] = dx;
        }

        protected override void ReleaseSaved() => _mask = null;
    }
}
