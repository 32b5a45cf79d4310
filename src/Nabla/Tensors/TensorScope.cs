namespace Nabla;

/// <summary>
/// Recycles the memory of every tensor created inside it when it ends, so a training step allocates
/// (nearly) nothing on the managed heap. Tensors made outside any scope are ordinary garbage-collected
/// objects: scopes are an optimisation, never a duty. The trainer opens one per step.
/// <code>
/// using (TensorScope.Enter()) { var loss = ...; loss.Backward(); optimizer.Step(); }
/// </code>
/// A tensor from an ended scope throws a clear error when read; call <see cref="Keep"/> (or clone it after the
/// scope) to keep a result. Parameters, gradients of leaves and optimizer state are never scoped.
/// </summary>
public sealed class TensorScope
{
    [ThreadStatic] private static TensorScope? _current;
    [ThreadStatic] private static Stack<TensorScope>? _free;

    private readonly List<TensorStorage> _owned = new();
    private TensorScope? _outer;
    private int _epoch;
    private bool _active;

    private TensorScope() { }

    internal static TensorScope? Current => _current;

    /// <summary>Opens a scope on this thread; dispose the handle to recycle what was made inside.</summary>
    public static Handle Enter()
    {
        _free ??= new Stack<TensorScope>();
        var scope = _free.Count > 0 ? _free.Pop() : new TensorScope();
        scope._outer = _current;
        scope._active = true;
        scope._epoch++;
        _current = scope;
        return new Handle(scope, scope._epoch);
    }

    /// <summary>Moves <paramref name="tensor"/>'s memory out of every scope so it survives them.</summary>
    public static Tensor Keep(Tensor tensor)
    {
        var storage = tensor.Storage;
        if (storage.Lifetime == StorageLifetime.Scoped)
        {
            for (var s = _current; s is not null; s = s._outer)
                if (s._owned.Remove(storage)) break;
            storage.Lifetime = StorageLifetime.Managed;
        }
        return tensor;
    }

    /// <summary>
    /// Recycles <paramref name="tensor"/>'s memory at once, before its scope ends, when it belongs to the innermost
    /// scope of this thread (otherwise nothing happens). For intermediates nobody reads again, such as a layer's input
    /// in a no-grad forward pass once the next output exists; reading the tensor afterwards throws.
    /// </summary>
    internal static void ReleaseNow(Tensor tensor)
    {
        var scope = _current;
        var storage = tensor.Storage;
        if (scope is null || storage.Lifetime != StorageLifetime.Scoped) return;
        int i = scope._owned.LastIndexOf(storage);
        if (i < 0) return;
        scope._owned.RemoveAt(i);
        BufferPool.Return(storage);
    }

    internal void Adopt(TensorStorage storage)
    {
        storage.Lifetime = StorageLifetime.Scoped;
        _owned.Add(storage);
    }

    private void Exit(int epoch)
    {
        if (!_active || epoch != _epoch) return;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("TensorScope ended out of order: end inner scopes before outer ones.");
        foreach (var storage in _owned) BufferPool.Return(storage);
        _owned.Clear();
        _active = false;
        _current = _outer;
        _outer = null;
        _free!.Push(this);
    }

    /// <summary>Ends the scope when disposed.</summary>
    public readonly struct Handle : IDisposable
    {
        private readonly TensorScope _scope;
        private readonly int _epoch;

        internal Handle(TensorScope scope, int epoch)
        {
            _scope = scope;
            _epoch = epoch;
        }

        /// <summary>Recycles every tensor made inside the scope (a second call does nothing).</summary>
        public void Dispose() => _scope?.Exit(_epoch);
    }
}
