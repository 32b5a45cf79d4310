namespace Nabla;

/// <summary>
/// Runs back-propagation: orders the graph below a tensor topologically with an explicit stack (no recursion,
/// so graphs of any depth work), then visits each node once in reverse order, accumulating gradients.
/// Gradients made here are transient: each returns to the buffer pool as soon as it has been consumed, and
/// whatever is left is swept back at the end, so backward allocates no lasting memory beyond leaf gradients.
/// </summary>
internal static class BackwardEngine
{
    [ThreadStatic] private static EngineState? _state;

    /// <summary>Whether this thread is inside a backward pass (new tensors are then transient).</summary>
    internal static bool InBackward => _state is { Running: true };

    internal static void TrackTransient(TensorStorage storage)
    {
        storage.Lifetime = StorageLifetime.Transient;
        _state!.Transients.Add((storage, storage.Generation));
    }

    internal static InvalidOperationException FreedGraphError(Node node) => new(
        $"backward: the graph through '{node.Name}' was already freed by an earlier Backward(); " +
        "pass retainGraph: true to the first Backward() to back-propagate through it twice");

    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException(
                "backward: the tensor does not require grad and has no grad_fn; set RequiresGrad = true on an input " +
                "(or a parameter) before computing it, and do not compute it inside Autograd.NoGrad()");
        if (gradient is null)
        {
            if (root.Numel != 1)
                throw new InvalidOperationException(
                    $"backward: a gradient can be implied only for a scalar output, but the output has shape " +
                    $"{ShapeMath.Format(root.Shape)}; pass Backward(gradient) with a tensor of that shape");
        }
        else if (!ShapeMath.SameShape(gradient.Shape, root.Shape))
        {
            throw new ArgumentException(
                $"backward: gradient of shape {ShapeMath.Format(gradient.Shape)} does not match the output's shape {ShapeMath.Format(root.Shape)}");
        }

        var state = _state ??= new EngineState();
        if (state.Running)
            throw new InvalidOperationException("backward: a backward pass is already running on this thread");

        using var noGrad = Autograd.NoGrad();
        state.Running = true;
        try
        {
            var seed = gradient ?? (root.Rank == 0 ? state.ScalarOne : Tensor.Ones(root.Shape));
            if (root.GradFn is null)
            {
                AccumulateLeaf(root, seed);
                return;
            }
            Sort(root.GradFn, state);
            root.GradFn.PendingGrad = seed;
            seed.Storage.EngineRefs++;
            Propagate(state);
            if (!retainGraph)
                foreach (var node in state.Order) node.Free();
        }
        finally
        {
            foreach (var node in state.Order) node.PendingGrad = null;
            state.Order.Clear();
            state.Running = false;
            // A storage released early has a newer generation (and may already serve another thread): skip it.
            foreach (var (storage, generation) in state.Transients)
                if (storage.Generation == generation && storage.Lifetime == StorageLifetime.Transient)
                    BufferPool.Return(storage);
            state.Transients.Clear();
        }
    }

    /// <summary>Post-order depth-first walk; <see cref="EngineState.Order"/> ends with the root.</summary>
    private static void Sort(Node root, EngineState state)
    {
        int mark = ++state.Epoch;
        var stack = state.Stack;
        if (root.IsFreed) throw FreedGraphError(root);
        root.VisitMark = mark;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            bool descended = false;
            for (int i = next; i < node.InputCount; i++)
            {
                var child = node.Input(i).GradFn;
                if (child is null || !node.Input(i).RequiresGrad || child.VisitMark == mark) continue;
                if (child.IsFreed) throw FreedGraphError(child);
                child.VisitMark = mark;
                stack.Push((node, i + 1));
                stack.Push((child, 0));
                descended = true;
                break;
            }
            if (!descended) state.Order.Add(node);
        }
    }

    private static void Propagate(EngineState state)
    {
        var order = state.Order;
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            var grad = node.PendingGrad;
            if (grad is null) continue;
            node.PendingGrad = null;
            if (node.RetainTarget is { } retained) AccumulateLeaf(retained, grad);

            var slots = state.Slots(node.InputCount);
            node.Backward(grad, slots);
            for (int i = 0; i < node.InputCount; i++)
            {
                var g = slots[i];
                if (g is null) continue;
                slots[i] = null;
                var input = node.Input(i);
                if (!input.RequiresGrad) continue;
                if (!ShapeMath.SameShape(g.Shape, input.Shape))
                    throw new InvalidOperationException(
                        $"internal: '{node.Name}' backward gave a gradient of shape {ShapeMath.Format(g.Shape)} " +
                        $"for input {i} of shape {ShapeMath.Format(input.Shape)}");
                if (input.GradFn is null) AccumulateLeaf(input, g);
                else AccumulatePending(input.GradFn, g);
            }
            Release(grad);
        }
    }

    private static void AccumulatePending(Node target, Tensor g)
    {
        var acc = target.PendingGrad;
        if (acc is null)
        {
            target.PendingGrad = g;
            g.Storage.EngineRefs++;
            return;
        }
        if (acc.Storage.Lifetime == StorageLifetime.Transient && acc.Storage.EngineRefs == 1 && acc.IsContiguous
            && !ReferenceEquals(acc.Storage, g.Storage))
        {
            acc.AddInPlaceUnchecked(g);
            return;
        }
        var sum = acc.Add(g);
        Release(acc);
        target.PendingGrad = sum;
        sum.Storage.EngineRefs++;
    }

    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (leaf.Grad is null)
        {
            var storage = g.Storage;
            bool adoptable = storage.Lifetime == StorageLifetime.Transient && storage.EngineRefs == 0
                             && g.Offset == 0 && g.IsContiguous && storage.Length == g.Numel;
            if (adoptable)
            {
                storage.Lifetime = StorageLifetime.Managed;
                leaf.Grad = g;
            }
            else
            {
                leaf.Grad = g.CloneUnscoped();
            }
            return;
        }
        if (!ShapeMath.SameShape(leaf.Grad.Shape, leaf.Shape))
            throw new InvalidOperationException(
                $"backward: the existing Grad has shape {ShapeMath.Format(leaf.Grad.Shape)} but the tensor has shape {ShapeMath.Format(leaf.Shape)}");
        leaf.Grad.AddInPlaceUnchecked(g);
    }

    private static void Release(Tensor grad)
    {
        var storage = grad.Storage;
        if (storage.EngineRefs > 0) storage.EngineRefs--;
        if (storage.EngineRefs == 0 && storage.Lifetime == StorageLifetime.Transient)
            BufferPool.Return(storage);
    }

    private sealed class EngineState
    {
        private Tensor?[] _slots = new Tensor?[4];

        public bool Running;
        public int Epoch;
        public readonly List<Node> Order = new();
        public readonly Stack<(Node Node, int Next)> Stack = new();
        public readonly List<(TensorStorage Storage, int Generation)> Transients = new();

        /// <summary>The implied seed of a scalar root: read-only, never recycled (it is not transient).</summary>
        public readonly Tensor ScalarOne = Tensor.AllocateUnscoped(ReadOnlySpan<int>.Empty).Fill(1f);

        public Span<Tensor?> Slots(int count)
        {
            if (_slots.Length < count) _slots = new Tensor?[Math.Max(count, _slots.Length * 2)];
            return _slots.AsSpan(0, count);
        }
    }
}
