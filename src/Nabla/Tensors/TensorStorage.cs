using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// A block of float32 memory shared by a tensor and its views. The memory is native (<see cref="NativeBlock"/>):
/// it never moves, it is 64-byte aligned (large blocks huge-page aligned), so kernels may use raw pointers and
/// aligned SIMD loads; the finalizer frees it. Storages are recycled through <see cref="BufferPool"/>;
/// each recycling bumps <see cref="Generation"/>, which lets a tensor detect that its memory was handed on.
/// </summary>
internal sealed unsafe class TensorStorage
{
    private readonly float* _block;

    public TensorStorage(int length)
    {
        Length = length;
        Capacity = length;
        _block = NativeBlock.Allocate(length);
    }

    ~TensorStorage()
    {
        if (_block != null) NativeBlock.Free(_block, Capacity); // null when the allocation itself failed
    }

    /// <summary>Number of floats in use: what the tensor that rented the storage asked for (at most <see cref="Capacity"/>).</summary>
    public int Length { get; set; }

    /// <summary>Number of floats the memory block holds; fixed for the storage's life.</summary>
    public int Capacity { get; }

    /// <summary>Bumped each time the storage returns to the pool; a tensor holding an older value is stale.</summary>
    public int Generation { get; private set; }

    /// <summary>Where the storage lives: inside a <see cref="TensorScope"/>, transient in backward, or persistent.</summary>
    public StorageLifetime Lifetime { get; set; }

    /// <summary>References held by the backward engine's pending gradients (used only while a backward pass runs).</summary>
    public int EngineRefs { get; set; }

    /// <summary>Whether the storage currently sits in the pool.</summary>
    public bool InPool { get; set; }

    public Span<float> Span => new(_block, Length);

    public float* Pointer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _block;
    }

    public void MarkRecycled() => Generation++;
}

/// <summary>Who decides when a storage returns to the pool.</summary>
internal enum StorageLifetime
{
    /// <summary>Ordinary: the garbage collector reclaims it when no tensor refers to it.</summary>
    Managed,
    /// <summary>Owned by the innermost <see cref="TensorScope"/>; recycled when the scope ends.</summary>
    Scoped,
    /// <summary>A gradient made during backward; recycled by the engine as soon as it has been consumed.</summary>
    Transient,
}
