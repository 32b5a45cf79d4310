namespace Nabla;

/// <summary>
/// Keeps the storages whose raw pointers were taken most recently on this thread reachable. The JIT may consider a
/// tensor dead right after its pointer is read; if the garbage collector then finalized its storage, the native block
/// would be freed while a kernel still runs on that pointer (and could be handed to a new allocation). Holding the last
/// <see cref="Capacity"/> storages per thread covers every kernel call (each takes a handful of pointers), without
/// sprinkling GC.KeepAlive over every op. Pool recycling is unaffected: it never waits for references to go away.
/// </summary>
internal static class PointerKeepAlive
{
    internal const int Capacity = 64;

    [ThreadStatic]
    private static TensorStorage?[]? t_ring;

    [ThreadStatic]
    private static int t_next;

    internal static void Hold(TensorStorage storage)
    {
        var ring = t_ring ??= new TensorStorage?[Capacity];
        ring[t_next] = storage;
        t_next = (t_next + 1) & (Capacity - 1);
    }
}
