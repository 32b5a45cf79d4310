namespace Nabla.Tests.Tensors;

/// <summary>
/// <see cref="TensorScope"/> recycles the memory of tensors made inside it; <see cref="TensorScope.Keep"/> rescues one;
/// tensors made outside scopes are untouched; scopes nest; recycled buffers come back from <see cref="BufferPool"/>.
/// Scopes are per thread, but the pool is shared with tests running in parallel, so pool checks use sizes no other
/// test allocates and retry a few times if a neighbour happened to trim the pool in between.
/// </summary>
public sealed class TensorScopeTests
{
    private const string StaleMessage = "this tensor's memory was recycled when its TensorScope ended";

    private static void AssertStale(Action read)
    {
        var ex = Assert.Throws<InvalidOperationException>(read);
        Assert.Contains(StaleMessage, ex.Message);
        Assert.Contains("TensorScope.Keep(tensor)", ex.Message);
    }

    [Fact]
    public void ATensorFromAnEndedScopeThrowsWhenRead()
    {
        Tensor inside;
        using (TensorScope.Enter())
        {
            inside = Tensor.Ones(3, 5) * 2f;
            Assert.Equal(2f, inside[0, 0]);
        }
        AssertStale(() => inside.ToArray());
        AssertStale(() => inside.Select(0, 1).Select(0, 2).Item());
        AssertStale(() => _ = inside[0, 0]);
        AssertStale(() => inside.Exp());
        AssertStale(() => _ = inside.T);
        AssertStale(() => inside.Add(Tensor.Ones(3, 5)));
        Assert.Equal("tensor(<recycled when its TensorScope ended>)", inside.ToString());
        // Metadata does not touch memory and stays readable.
        Assert.Equal([3, 5], inside.Shape.ToArray());
    }

    [Fact]
    public void ViewsOfAScopedTensorDieWithIt()
    {
        Tensor view;
        using (TensorScope.Enter())
        {
            view = Tensor.Arange(12).Reshape(3, 4).T.Slice(0, 1);
        }
        AssertStale(() => view.ToArray());
    }

    [Fact]
    public void KeepRescuesATensor()
    {
        Tensor kept, lost;
        using (TensorScope.Enter())
        {
            var a = Tensor.Arange(4).AddScalar(1f);
            kept = TensorScope.Keep(a.Square());
            lost = a.Neg();
        }
        Assert.Equal([1f, 4f, 9f, 16f], kept.ToArray());
        AssertStale(() => lost.ToArray());
        kept[0] = -1f; // still a normal, writable tensor
        Assert.Equal(-1f, kept[0]);
    }

    [Fact]
    public void CloneAfterKeepingOrInsideTheScopeSurvives()
    {
        Tensor clone;
        using (TensorScope.Enter())
        {
            var a = Tensor.Full(3f, 4);
            clone = TensorScope.Keep(a.Clone());
        }
        Assert.Equal([3f, 3f, 3f, 3f], clone.ToArray());
    }

    [Fact]
    public void TensorsMadeOutsideScopesAreUnaffected()
    {
        var outside = Tensor.Arange(6).Reshape(2, 3);
        var derived = outside.Exp();
        using (TensorScope.Enter())
        {
            var inside = outside * 2f + derived;
            Assert.Equal(2, inside.Rank);
        }
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], outside.ToArray());
        Assert.Equal(MathF.Exp(5f), derived[1, 2], MathF.Exp(5f) * 1e-6f);
        outside[0, 0] = 10f;
        Assert.Equal(10f, outside.Sum().Item() - 15f);
    }

    [Fact]
    public void NestedScopesEndInnerFirst()
    {
        Tensor outer, inner, keptInner;
        using (TensorScope.Enter())
        {
            outer = Tensor.Ones(7);
            using (TensorScope.Enter())
            {
                inner = outer * 3f;
                keptInner = TensorScope.Keep(outer * 4f);
            }
            AssertStale(() => inner.ToArray());
            Assert.Equal(7f, outer.Sum().Item());
            Assert.Equal(28f, keptInner.Sum().Item());
        }
        AssertStale(() => outer.ToArray());
        Assert.Equal(28f, keptInner.Sum().Item());
    }

    [Fact]
    public void KeepInAnInnerScopeRescuesATensorOfTheOuterScope()
    {
        Tensor outer;
        using (TensorScope.Enter())
        {
            outer = Tensor.Full(2f, 3);
            using (TensorScope.Enter()) TensorScope.Keep(outer);
        }
        Assert.Equal([2f, 2f, 2f], outer.ToArray());
    }

    [Fact]
    public void EndingScopesOutOfOrderThrowsAndDoubleDisposeIsHarmless()
    {
        var outer = TensorScope.Enter();
        var inner = TensorScope.Enter();
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
            Assert.Contains("TensorScope ended out of order", ex.Message);
        }
        finally
        {
            inner.Dispose();
            inner.Dispose();
            outer.Dispose();
            outer.Dispose();
        }
        var after = Tensor.Ones(2);
        Assert.Equal(2f, after.Sum().Item()); // no scope is left open on this thread
        Assert.Null(TensorScope.Current);
    }

    [Fact]
    public void AScopeHandleFromAnEarlierUseDoesNotEndALaterScope()
    {
        var first = TensorScope.Enter();
        first.Dispose();
        Tensor t;
        using (TensorScope.Enter())
        {
            t = Tensor.Ones(3);
            first.Dispose(); // the pooled scope object is reused; the stale handle must not end it
            Assert.Equal(3f, t.Sum().Item());
        }
        AssertStale(() => t.ToArray());
    }

    [Fact]
    public void ScopedBuffersReturnToThePoolAndAreReused()
    {
        const int floats = 1_700_009; // a size no other test uses, nor one within twice of it (see BufferPoolTests)
        const long bytes = floats * sizeof(float);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            TensorStorage storage;
            long before;
            using (TensorScope.Enter())
            {
                var t = Tensor.Zeros(floats);
                storage = t.Storage;
                Assert.False(storage.InPool);
                before = BufferPool.PooledBytes;
            }
            long afterScope = BufferPool.PooledBytes;
            Assert.True(storage.InPool, "a buffer made inside a scope must go back to the pool when the scope ends");
            var reused = Tensor.Ones(floats);
            long afterReuse = BufferPool.PooledBytes;
            Assert.All(reused.ToArray(), v => Assert.Equal(1f, v)); // reused memory is fully re-initialised
            // Tests running in parallel rent and return buffers too (and may trim the pool), so a disturbed attempt
            // is repeated: one clean attempt shows +bytes when the scope ends and -bytes when the buffer is reused.
            bool sameBuffer = ReferenceEquals(reused.Storage, storage) && !storage.InPool;
            if (sameBuffer && afterScope - before == bytes && afterScope - afterReuse == bytes) return;
        }
        Assert.Fail("in 5 attempts the pooled buffer was never handed back out for the same size with PooledBytes tracking it");
    }

    [Fact]
    public void ReusedStorageInvalidatesOldTensorsButNotTheNewOne()
    {
        const int floats = 54_321;
        Tensor old;
        using (TensorScope.Enter()) old = Tensor.Full(5f, floats);
        var fresh = Tensor.Full(6f, floats); // typically the same memory
        AssertStale(() => old.ToArray());
        Assert.Equal(6f * floats, fresh.Sum().Item(), 0);
    }

    [Fact]
    public void ScopesArePerThread()
    {
        Tensor fromOtherThread = null!;
        using (TensorScope.Enter())
        {
            var thread = new Thread(() => fromOtherThread = Tensor.Ones(9));
            thread.Start();
            thread.Join();
        }
        Assert.Equal(9f, fromOtherThread.Sum().Item()); // made outside any scope of its own thread
    }

    [Fact]
    public void BackwardInsideAScopeKeepsLeafGradients()
    {
        var w = Tensor.FromArray([1f, 2f, 3f]);
        w.RequiresGrad = true;
        Tensor loss;
        using (TensorScope.Enter())
        {
            loss = (w * w).Sum();
            loss.Backward();
        }
        Assert.Equal([2f, 4f, 6f], w.Grad!.ToArray());
        AssertStale(() => loss.Item());
    }
}
