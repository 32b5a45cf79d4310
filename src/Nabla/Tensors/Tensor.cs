using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla;

/// <summary>
/// An n-dimensional array of float32 values: sizes, strides and an offset over a shared
/// <see cref="TensorStorage"/>, so reshape, transpose, slice and expand are views that copy nothing.
/// Operations on tensors that require gradients are recorded for <see cref="Backward(Tensor?, bool)"/>.
/// Tensors never need disposing; see <see cref="TensorScope"/> for allocation-free training loops.
/// </summary>
public sealed partial class Tensor
{
    private readonly TensorStorage _storage;
    private readonly int _generation;
    private Dims _sizes;
    private Dims _strides;
    private bool _requiresGrad;

    internal Tensor(TensorStorage storage, int offset, ReadOnlySpan<int> sizes, ReadOnlySpan<int> strides)
        : this(storage, storage.Generation, offset, sizes, strides)
    {
    }

    private Tensor(TensorStorage storage, int generation, int offset, ReadOnlySpan<int> sizes, ReadOnlySpan<int> strides)
    {
        _storage = storage;
        _generation = generation;
        Offset = offset;
        Rank = sizes.Length;
        _sizes = Dims.From(sizes);
        _strides = Dims.From(strides);
        long n = 1;
        foreach (int s in sizes) n *= s;
        Numel = checked((int)n);
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank { get; }

    /// <summary>Total number of elements.</summary>
    public int Numel { get; }

    /// <summary>The size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => MemoryMarshal.CreateReadOnlySpan(ref _sizes[0], Rank);

    /// <summary>Elements skipped in storage when each index grows by one (0 for a broadcast dimension).</summary>
    public ReadOnlySpan<int> Strides => MemoryMarshal.CreateReadOnlySpan(ref _strides[0], Rank);

    /// <summary>Position of element [0, 0, ...] in the storage.</summary>
    public int Offset { get; }

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end.</summary>
    public int Size(int dim)
    {
        ShapeMath.RequireDimensions(Rank, "size");
        return _sizes[ShapeMath.NormalizeAxis(dim, Rank, "size")];
    }

    /// <summary>Whether the elements lie in storage in row-major order with no gaps.</summary>
    public bool IsContiguous => ShapeMath.IsContiguous(Shape, Strides);

    /// <summary>The node that produced this tensor, or null for a leaf.</summary>
    public Node? GradFn { get; internal set; }

    /// <summary>True for tensors created by the user (not by a recorded operation).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>Whether gradients flow to (and, for leaves, accumulate in) this tensor.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!value && GradFn is not null)
                throw new InvalidOperationException(
                    $"RequiresGrad: cannot turn off gradients of a non-leaf tensor (made by '{GradFn.Name}'); use Detach() instead");
            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward(Tensor?, bool)"/>; null until then.</summary>
    public Tensor? Grad { get; set; }

    internal TensorStorage Storage => _storage;

    internal void SetRequiresGradInternal(bool value) => _requiresGrad = value;

    /// <summary>Asks backward to store this non-leaf tensor's gradient in <see cref="Grad"/>, like PyTorch's retain_grad.</summary>
    public Tensor RetainGrad()
    {
        if (!_requiresGrad)
            throw new InvalidOperationException("RetainGrad: the tensor does not require grad");
        if (GradFn is not null) GradFn.RetainTarget = this;
        return this;
    }

    /// <summary>Reads the elements as a span; valid only for contiguous tensors.</summary>
    internal Span<float> ContiguousSpan()
    {
        CheckAlive();
        if (!IsContiguous) throw new InvalidOperationException("internal: contiguous span of a strided tensor");
        return _storage.Span.Slice(Offset, Numel);
    }

    /// <summary>
    /// Pointer to element [0, 0, ...] (the storage is native memory that never moves, kept reachable while the kernel
    /// that asked for the pointer runs: see <see cref="PointerKeepAlive"/>).
    /// </summary>
    internal unsafe float* Pointer
    {
        get
        {
            CheckAlive();
            PointerKeepAlive.Hold(_storage);
            return _storage.Pointer + Offset;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CheckAlive()
    {
        if (_storage.Generation != _generation) ThrowStale();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStale() =>
        throw new InvalidOperationException(
            "this tensor's memory was recycled when its TensorScope ended; call TensorScope.Keep(tensor) " +
            "inside the scope (or Clone() it there) to use it afterwards");

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item()
    {
        if (Numel != 1)
            throw new InvalidOperationException($"Item: tensor of shape {ShapeMath.Format(Shape)} has {Numel} elements, not 1");
        CheckAlive();
        return _storage.Span[Offset];
    }

    /// <summary>Reads or writes one element; negative indices count from the end.</summary>
    [IndexerName("Element")]
    public float this[params ReadOnlySpan<int> index]
    {
        get => _storage.Span[ElementOffset(index)];
        set
        {
            ThrowIfInPlaceNotAllowed("indexer");
            _storage.Span[ElementOffset(index)] = value;
        }
    }

    private int ElementOffset(ReadOnlySpan<int> index)
    {
        CheckAlive();
        if (index.Length != Rank)
            throw new ArgumentException($"index: tensor of shape {ShapeMath.Format(Shape)} needs {Rank} indices, got {index.Length}");
        int off = Offset;
        for (int d = 0; d < Rank; d++)
        {
            int i = index[d];
            int size = _sizes[d];
            if (i < -size || i >= size)
                throw new IndexOutOfRangeException($"index {i} is out of bounds for dimension {d} with size {size}");
            if (i < 0) i += size;
            off += i * _strides[d];
        }
        return off;
    }

    internal void ThrowIfInPlaceOnGradLeaf(string op)
    {
        if (_requiresGrad && GradFn is null && Autograd.IsEnabled)
            throw new InvalidOperationException(
                $"{op}: a leaf tensor that requires grad cannot be changed in place while gradients are recorded; " +
                "wrap the update in 'using (Autograd.NoGrad())'");
    }

    /// <summary>Back-propagates from this tensor: a scalar by default, or with <paramref name="gradient"/> for any shape.</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) =>
        BackwardEngine.Run(this, gradient, retainGraph);

    /// <summary>A tensor sharing this one's memory but cut off from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => MakeView(Offset, Shape, Strides);

    /// <summary>A new tensor header over this tensor's storage (no gradient link); fails if the memory was recycled.</summary>
    internal Tensor MakeView(int offset, ReadOnlySpan<int> sizes, ReadOnlySpan<int> strides)
    {
        CheckAlive();
        return new Tensor(_storage, _generation, offset, sizes, strides);
    }
}
