using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements (a 0-dimensional tensor).</summary>
    public Tensor Sum() => Sum(ReadOnlySpan<int>.Empty, false, all: true, "sum");

    /// <summary>Sum over <paramref name="dim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim, all: false, "sum");

    /// <summary>Sum over the given dimensions (all of them when empty).</summary>
    public Tensor Sum(ReadOnlySpan<int> dims, bool keepDim = false) => Sum(dims, keepDim, all: dims.IsEmpty, "sum");

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Mean(ReadOnlySpan<int>.Empty);

    /// <summary>Mean over <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>Mean over the given dimensions (all of them when empty).</summary>
    public Tensor Mean(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        var sum = Sum(dims, keepDim, all: dims.IsEmpty, "mean");
        int count = sum.Numel == 0 ? 0 : Numel / Math.Max(sum.Numel, 1);
        return sum.MulScalar(1f / count);
    }

    /// <summary>
    /// Variance over the given dimensions (all when empty): Σ(x − mean)² / (N − correction). The default
    /// correction 1 is the unbiased estimate, as in PyTorch.
    /// </summary>
    public Tensor Var(ReadOnlySpan<int> dims, int correction = 1, bool keepDim = false)
    {
        uint mask = ReductionMask(dims, dims.IsEmpty, "var");
        int n = 1;
        for (int d = 0; d < Rank; d++) if (IsReduced(mask, d)) n *= Shape[d];
        var centered = Sub(Mean(dims, keepDim: true));
        return centered.Square().Sum(dims, keepDim).MulScalar(1f / Math.Max(n - correction, 0));
    }

    /// <summary>Variance of all elements.</summary>
    public Tensor Var(int correction = 1) => Var(ReadOnlySpan<int>.Empty, correction);

    /// <summary>Variance over <paramref name="dim"/>.</summary>
    public Tensor Var(int dim, int correction, bool keepDim) => Var([dim], correction, keepDim);

    /// <summary>Standard deviation: √<see cref="Var(ReadOnlySpan{int}, int, bool)"/>.</summary>
    public Tensor Std(ReadOnlySpan<int> dims, int correction = 1, bool keepDim = false) => Var(dims, correction, keepDim).Sqrt();

    /// <summary>Standard deviation of all elements.</summary>
    public Tensor Std(int correction = 1) => Var(correction).Sqrt();

    /// <summary>ln Σ exp(x) over the given dimensions, computed stably (shifted by the maximum).</summary>
    public Tensor LogSumExp(ReadOnlySpan<int> dims, bool keepDim = false)
    {
        Tensor shift;
        using (Autograd.NoGrad())
        {
            shift = Amax(dims, keepDim: true);
            shift = Where(shift.Abs().Eq(Scalar(float.PositiveInfinity)), Scalar(0f), shift);
        }
        var result = Sub(shift).Exp().Sum(dims, keepDim: true).Log().Add(shift);
        return keepDim ? result : result.SqueezeDims(ReductionMask(dims, dims.IsEmpty, "logsumexp"));
    }

    /// <summary>ln Σ exp(x) over <paramref name="dim"/>.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    /// <summary>Largest element of all (gradient shared equally among ties).</summary>
    public Tensor Max() => Amax(ReadOnlySpan<int>.Empty);

    /// <summary>Smallest element of all (gradient shared equally among ties).</summary>
    public Tensor Min() => Amin(ReadOnlySpan<int>.Empty);

    /// <summary>Maximum over the given dimensions (all when empty); ties share the gradient equally, like torch.amax.</summary>
    public Tensor Amax(ReadOnlySpan<int> dims, bool keepDim = false) => Extreme(dims, keepDim, max: true);

    /// <summary>Minimum over the given dimensions (all when empty); ties share the gradient equally, like torch.amin.</summary>
    public Tensor Amin(ReadOnlySpan<int> dims, bool keepDim = false) => Extreme(dims, keepDim, max: false);

    /// <summary>Maximum along <paramref name="dim"/> with the index of the first maximum (indices are stored as floats).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: true);

    /// <summary>Minimum along <paramref name="dim"/> with the index of the first minimum (indices are stored as floats).</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: false);

    /// <summary>Index of the maximum along <paramref name="dim"/>.</summary>
    public Tensor Argmax(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: true).Indices;

    /// <summary>Index of the minimum along <paramref name="dim"/>.</summary>
    public Tensor Argmin(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, max: false).Indices;

    /// <summary>Index of the maximum in the flattened tensor.</summary>
    public Tensor Argmax() => Detach().Reshape(-1).Argmax(0);

    /// <summary>Index of the minimum in the flattened tensor.</summary>
    public Tensor Argmin() => Detach().Reshape(-1).Argmin(0);

    private Tensor Sum(ReadOnlySpan<int> dims, bool keepDim, bool all, string op)
    {
        uint mask = ReductionMask(dims, all, op);
        Span<int> shape = stackalloc int[Rank];
        int outRank = ReducedShape(Shape, mask, keepDim, shape);
        var result = Zeros(shape[..outRank]);
        Span<int> ds = stackalloc int[Rank];
        SpreadStrides(mask, keepDim, result.Strides, ds);
        unsafe
        {
            Elementwise.Accumulate(Shape, result.Pointer, ds, Pointer, Strides);
        }
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new SumNode(this, mask, keepDim));
        return result;
    }

    /// <summary>Bit d is set when dimension d is reduced (all dimensions when <paramref name="all"/> or none are named).</summary>
    private uint ReductionMask(ReadOnlySpan<int> dims, bool all, string op)
    {
        if (all || dims.IsEmpty) return Rank == 0 ? 0u : (uint)((1L << Rank) - 1);
        uint mask = 0;
        foreach (int dim in dims)
        {
            int d = ShapeMath.NormalizeAxis(dim, Rank, op);
            if ((mask & (1u << d)) != 0) throw new ArgumentException($"{op}: dimension {d} appears twice in {ShapeMath.Format(dims)}");
            mask |= 1u << d;
        }
        return mask;
    }

    private static bool IsReduced(uint mask, int d) => (mask & (1u << d)) != 0;

    /// <summary>Writes the result shape of a reduction and returns its rank.</summary>
    private static int ReducedShape(ReadOnlySpan<int> shape, uint mask, bool keepDim, Span<int> result)
    {
        int k = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!IsReduced(mask, d)) result[k++] = shape[d];
            else if (keepDim) result[k++] = 1;
        }
        return k;
    }

    /// <summary>Strides that address a reduction's result (with <paramref name="reducedStrides"/>) from input indices: 0 on reduced dimensions.</summary>
    private static void SpreadStrides(uint mask, bool keepDim, ReadOnlySpan<int> reducedStrides, Span<int> spread)
    {
        for (int d = 0, k = 0; d < spread.Length; d++)
        {
            if (IsReduced(mask, d))
            {
                spread[d] = 0;
                if (keepDim) k++;
            }
            else
            {
                spread[d] = reducedStrides[k++];
            }
        }
    }

    /// <summary>Drops the dimensions set in <paramref name="mask"/> (each of size 1), keeping the gradient link.</summary>
    private Tensor SqueezeDims(uint mask)
    {
        Span<int> shape = stackalloc int[Rank];
        int k = ReducedShape(Shape, mask, keepDim: false, shape);
        return Reshape(shape[..k]);
    }

    /// <summary>The keep-dim shape of a reduction: reduced dimensions become 1.</summary>
    private static void KeptShape(ReadOnlySpan<int> shape, uint mask, Span<int> kept) => ReducedShape(shape, mask, true, kept);

    private Tensor Extreme(ReadOnlySpan<int> dims, bool keepDim, bool max)
    {
        string op = max ? "amax" : "amin";
        uint mask = ReductionMask(dims, dims.IsEmpty, op);
        if (Numel == 0) throw new ArgumentException($"{op}: cannot reduce an empty tensor of shape {ShapeMath.Format(Shape)}");
        Span<int> order = stackalloc int[Rank];
        int k = 0, outer = 1, inner = 1;
        for (int d = 0; d < Rank; d++) if (!IsReduced(mask, d)) { order[k++] = d; outer *= Shape[d]; }
        for (int d = 0; d < Rank; d++) if (IsReduced(mask, d)) { order[k++] = d; inner *= Shape[d]; }
        Tensor rows;
        using (Autograd.NoGrad()) rows = Detach().Permute(order).Contiguous();
        Span<int> kept = stackalloc int[Rank];
        KeptShape(Shape, mask, kept);
        var result = Allocate(kept);
        var src = rows.ContiguousSpan();
        var dst = result.ContiguousSpan();
        for (int o = 0; o < outer; o++)
            dst[o] = Reductions.Extreme(src.Slice(o * inner, inner), max);
        var reduced = keepDim ? result : result.SqueezeDims(mask);
        if (RequiresGrad && Autograd.IsEnabled) reduced.SetGradFn(new ExtremeNode(op, this, result, mask));
        return reduced;
    }

    private (Tensor Values, Tensor Indices) ExtremeAlong(int dim, bool keepDim, bool max)
    {
        string op = max ? "max" : "min";
        int axis = ShapeMath.NormalizeAxis(dim, Rank, op);
        int size = Rank == 0 ? 1 : Shape[axis];
        if (size == 0) throw new ArgumentException($"{op}: dimension {axis} of shape {ShapeMath.Format(Shape)} is empty");
        var src = Rank == 0 ? Reshape(1) : this;
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= src.Shape[d];
        for (int d = axis + 1; d < src.Rank; d++) inner *= src.Shape[d];
        var contiguous = src.Detach().Contiguous();
        Span<int> kept = stackalloc int[src.Rank];
        src.Shape.CopyTo(kept);
        kept[axis] = 1;
        var values = Allocate(kept);
        var indices = Allocate(kept);
        Reductions.ExtremeAlong(contiguous.ContiguousSpan(), outer, size, inner, max, values.ContiguousSpan(), indices.ContiguousSpan());
        uint mask = 1u << axis;
        if (Rank == 0)
        {
            values = values.Reshape(ReadOnlySpan<int>.Empty);
            indices = indices.Reshape(ReadOnlySpan<int>.Empty);
        }
        else if (!keepDim)
        {
            values = values.SqueezeDims(mask);
            indices = indices.SqueezeDims(mask);
        }
        if (RequiresGrad && Autograd.IsEnabled) values.SetGradFn(new IndexedExtremeNode(op, this, indices, axis, keepDim));
        return (values, indices);
    }

    private sealed class SumNode(Tensor input, uint mask, bool keepDim) : Node("sum", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            Span<int> strides = stackalloc int[input.Rank];
            SpreadStrides(mask, keepDim, g.Strides, strides);
            grads[0] = g.MakeView(g.Offset, input.Shape, strides);
        }
    }

    private sealed class ExtremeNode(string name, Tensor input, Tensor keptResult, uint mask) : Node(name, input)
    {
        private Tensor? _kept = keptResult;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            var hits = input.Eq(_kept!);
            Span<int> dims = stackalloc int[input.Rank];
            int k = 0;
            for (int d = 0; d < input.Rank; d++) if (IsReduced(mask, d)) dims[k++] = d;
            var count = hits.Sum(dims[..k], keepDim: true);
            grads[0] = hits.Div(count).Mul(g.Reshape(_kept!.Shape));
        }

        protected override void ReleaseSaved() => _kept = null;
    }

    private sealed class IndexedExtremeNode(string name, Tensor input, Tensor indices, int axis, bool keepDim) : Node(name, input)
    {
        private Tensor? _indices = indices;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            var gk = keepDim || input.Rank == 0 ? g : g.Unsqueeze(axis);
            var idx = keepDim || input.Rank == 0 ? _indices! : _indices!.Unsqueeze(axis);
            grads[0] = input.Rank == 0 ? g.Clone() : Zeros(input.Shape).ScatterAdd(axis, idx, gk);
        }

        protected override void ReleaseSaved() => _indices = null;
    }
}
