using AutogradMode = Nabla.Autograd;

namespace Nabla.Tests.Autograd;

/// <summary>
/// The backward engine: accumulation, explicit output gradients, freed graphs, very deep and diamond-shaped graphs,
/// gradient-requirement propagation, Detach, RetainGrad, and the guards against in-place changes.
/// </summary>
public sealed class BackwardEngineTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values);
        t.RequiresGrad = true;
        return t;
    }

    private static Tensor Leaf2D(float[] values, int rows, int cols)
    {
        var t = Tensor.FromArray(values, rows, cols);
        t.RequiresGrad = true;
        return t;
    }

    private static void Near(float[] expected, Tensor? actual, float tolerance = 1e-5f)
    {
        Assert.NotNull(actual);
        var got = actual.ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - got[i]) <= tolerance * (1 + MathF.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {got[i]} (all: [{string.Join(", ", got)}])");
    }

    // ---------------------------------------------------------------- accumulation and explicit gradients

    [Fact]
    public void GradientsAccumulateAcrossTwoBackwardCalls()
    {
        var x = Leaf(1f, -2f, 3f);
        x.Square().Sum().Backward();
        Near([2f, -4f, 6f], x.Grad);
        x.Square().Sum().Backward();
        Near([4f, -8f, 12f], x.Grad);
        x.Grad = null;
        x.MulScalar(5f).Sum().Backward();
        Near([5f, 5f, 5f], x.Grad);
    }

    [Fact]
    public void AccumulationDoesNotAliasTheCallersGradientOrOtherLeaves()
    {
        var a = Leaf(1f, 2f);
        var b = Leaf(3f, 4f);
        var g = Tensor.FromArray([10f, 20f]);
        a.Add(b).Backward(g);
        Near([10f, 20f], a.Grad);
        Near([10f, 20f], b.Grad);
        Assert.NotSame(a.Grad, b.Grad);
        Assert.NotSame(g, a.Grad);
        a.Add(b).Backward(g);
        Near([20f, 40f], a.Grad);
        Near([20f, 40f], b.Grad);
        Near([10f, 20f], g);
        g.Fill(-1f);
        Near([20f, 40f], a.Grad);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientForANonScalarOutput()
    {
        var x = Leaf2D([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = x.MulScalar(3f) + x.Square();
        var g = Tensor.FromArray([1f, 0f, -1f, 2f, 0.5f, 0f], 2, 3);
        y.Backward(g);
        // dy/dx = 3 + 2x
        Near([5f, 0f, -9f, 22f, 6.5f, 0f], x.Grad);
    }

    [Fact]
    public void BackwardOnALeafUsesTheSeedDirectly()
    {
        var s = Tensor.Scalar(4f);
        s.RequiresGrad = true;
        s.Backward();
        Near([1f], s.Grad);
        var v = Leaf(1f, 2f, 3f);
        v.Backward(Tensor.FromArray([7f, 8f, 9f]));
        Near([7f, 8f, 9f], v.Grad);
    }

    [Fact]
    public void WritingToAGradientDoesNotLeakIntoLaterPasses()
    {
        // The implied seed of a scalar output and gradients passed straight through (sum, clone, add) must reach
        // leaves as copies: changing one Grad must not change the seed or another leaf's Grad.
        var x = Leaf(1f, 2f);
        var s = Tensor.Scalar(3f);
        s.RequiresGrad = true;
        for (int pass = 0; pass < 3; pass++)
        {
            x.Grad = null;
            s.Grad = null;
            (x.Sum() + s.Clone()).Backward();
            Near([1f, 1f], x.Grad);
            Near([1f], s.Grad);
            x.Grad!.Fill(100f);
            s.Grad!.Fill(-7f);
            s.Backward();
            Near([-6f], s.Grad);
            s.Grad.Fill(50f);
        }
    }

    [Fact]
    public void OneElementOutputsOfAnyRankNeedNoGradient()
    {
        var x = Leaf(2f);
        x.Reshape(1, 1).MulScalar(3f).Backward();
        Near([3f], x.Grad);
    }

    [Fact]
    public void BackwardThroughAViewOfALeaf()
    {
        var x = Leaf2D([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = x.T;
        y.Backward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2));
        // y[i, j] = x[j, i], so x.Grad[j, i] = g[i, j]
        Near([1f, 3f, 5f, 2f, 4f, 6f], x.Grad);
    }

    [Fact]
    public void InputsThatNeedNoGradientGetNone()
    {
        var x = Leaf(1f, 2f);
        var w = Tensor.FromArray([3f, 4f]);
        var unused = Leaf(5f);
        x.Mul(w).Sum().Backward();
        Near([3f, 4f], x.Grad);
        Assert.Null(w.Grad);
        Assert.Null(unused.Grad);
    }

    [Fact]
    public void GradientsAreNotThemselvesRecorded()
    {
        var x = Leaf(1f, 2f);
        x.Exp().Sum().Backward();
        Assert.NotNull(x.Grad);
        Assert.False(x.Grad!.RequiresGrad);
        Assert.Null(x.Grad.GradFn);
        Assert.True(AutogradMode.IsEnabled);
    }

    [Fact]
    public void BackwardWorksWhenCalledInsideNoGrad()
    {
        var x = Leaf(1f, 2f);
        var y = x.Square().Sum();
        using (AutogradMode.NoGrad()) y.Backward();
        Near([2f, 4f], x.Grad);
    }

    // ---------------------------------------------------------------- errors

    [Fact]
    public void NonScalarBackwardWithoutGradientAsksForOne()
    {
        var x = Leaf2D([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var ex = Assert.Throws<InvalidOperationException>(() => x.MulScalar(2f).Backward());
        Assert.Contains("scalar", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("pass Backward(gradient)", ex.Message);
    }

    [Fact]
    public void GradientOfTheWrongShapeNamesBothShapes()
    {
        var x = Leaf2D([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => x.Exp().Backward(Tensor.Ones(3, 2)));
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void BackwardOnATensorThatNeedsNoGradExplainsWhy()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(3).Sum().Backward());
        Assert.Contains("does not require grad", ex.Message);
        Assert.Contains("RequiresGrad = true", ex.Message);

        var x = Leaf(1f, 2f);
        Tensor y;
        using (AutogradMode.NoGrad()) y = x.Square().Sum();
        ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("NoGrad", ex.Message);
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphMentionsRetainGraph()
    {
        var x = Leaf(1f, 2f);
        var y = x.Exp().Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", ex.Message);
        Assert.Contains("already freed", ex.Message);
        Assert.True(y.GradFn!.IsFreed);
    }

    [Fact]
    public void FreedSharedSubgraphIsReportedWhenReachedFromANewOutput()
    {
        var x = Leaf(1f, 2f);
        var h = x.Exp();
        h.Sum().Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => h.MulScalar(2f).Sum().Backward());
        Assert.Contains("'exp'", ex.Message);
        Assert.Contains("retainGraph: true", ex.Message);
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = Leaf(1f, 2f);
        var y = x.Exp().Mul(x).Sum();
        y.Backward(retainGraph: true);
        // d/dx (x e^x) = e^x (1 + x)
        float[] once = [MathF.E * 2f, MathF.Exp(2f) * 3f];
        Near(once, x.Grad);
        y.Backward(retainGraph: true);
        Near([once[0] * 2, once[1] * 2], x.Grad);
        y.Backward();
        Near([once[0] * 3, once[1] * 3], x.Grad);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void SettingRequiresGradFalseOnANonLeafThrows()
    {
        var x = Leaf(1f, 2f);
        var y = x.MulScalar(2f);
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("non-leaf", ex.Message);
        Assert.Contains("'mul'", ex.Message);
        Assert.Contains("Detach()", ex.Message);
        y.RequiresGrad = true; // turning it on again is harmless
        x.RequiresGrad = false; // a leaf may switch off
        Assert.False(x.RequiresGrad);
    }

    [Fact]
    public void InPlaceChangesOfAGradLeafThrowWhileRecording()
    {
        var x = Leaf(1f, 2f, 3f);
        var ex = Assert.Throws<InvalidOperationException>(() => x[0] = 5f);
        Assert.Contains("indexer", ex.Message);
        Assert.Contains("leaf tensor that requires grad", ex.Message);
        Assert.Contains("Autograd.NoGrad()", ex.Message);
        Assert.Contains("fill", Assert.Throws<InvalidOperationException>(() => x.Fill(0f)).Message);
        Assert.Contains("fill", Assert.Throws<InvalidOperationException>(() => x.Zero()).Message);
        Assert.Contains("copy", Assert.Throws<InvalidOperationException>(() => x.CopyFrom(Tensor.Ones(3))).Message);
        Assert.Contains("add", Assert.Throws<InvalidOperationException>(() => x.AddInPlace(Tensor.Ones(3))).Message);
        Assert.Contains("mul", Assert.Throws<InvalidOperationException>(() => x.MulInPlace(2f)).Message);
        Near([1f, 2f, 3f], x);

        using (AutogradMode.NoGrad())
        {
            x[0] = 5f;
            x.AddInPlace(Tensor.Ones(3), alpha: 2f);
            x.MulInPlace(10f);
        }
        Near([70f, 40f, 50f], x);
    }

    [Fact]
    public void InPlaceChangesOfARecordedResultThrow()
    {
        var x = Leaf(1f, 2f);
        var y = x.Exp();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Fill(1f));
        Assert.Contains("'exp'", ex.Message);
        Assert.Contains("out-of-place", ex.Message);
    }

    [Fact]
    public void RetainGradNeedsATensorThatRequiresGrad()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).RetainGrad());
        Assert.Contains("does not require grad", ex.Message);
    }

    [Fact]
    public void AnExistingGradOfTheWrongShapeIsReported()
    {
        var x = Leaf(1f, 2f, 3f);
        x.Grad = Tensor.Zeros(2);
        var ex = Assert.Throws<InvalidOperationException>(() => x.Square().Sum().Backward());
        Assert.Contains("the existing Grad has shape [2] but the tensor has shape [3]", ex.Message);
    }

    [Fact]
    public void AStridedUserSuppliedGradAccumulatesCorrectly()
    {
        var x = Leaf2D([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        x.Grad = Tensor.Arange(6).Reshape(3, 2).T; // [[0 2 4] [1 3 5]], strides [1, 2]
        x.MulScalar(10f).Sum().Backward();
        Near([10f, 12f, 14f, 11f, 13f, 15f], x.Grad);
    }

    // ---------------------------------------------------------------- graph shapes

    private static float ChainGradient(int steps, float factor)
    {
        float g = 1f;
        for (int i = 0; i < steps; i++) g *= factor;
        return g;
    }

    /// <summary>Runs <paramref name="body"/> on a thread with a small stack, so any recursion over graph depth overflows.</summary>
    private static void OnSmallStack(Action body)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { body(); }
            catch (Exception e) { error = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null) throw new Xunit.Sdk.XunitException($"failed on the worker thread: {error}");
    }

    [Fact]
    public void TenThousandOpChainBackPropagatesWithoutRecursion()
    {
        OnSmallStack(() =>
        {
            var x0 = Tensor.Scalar(1f);
            x0.RequiresGrad = true;
            var x = x0;
            for (int i = 0; i < 10_000; i++) x = x * 1.0001f + 0f;
            x.Backward();
            float expected = ChainGradient(10_000, 1.0001f);
            Assert.InRange(expected, 2.71f, 2.72f);
            Near([expected], x0.Grad, 1e-4f);
            Assert.True(x.GradFn!.IsFreed);
        });
    }

    [Fact]
    public void TenThousandBinaryOpChainBackPropagates()
    {
        OnSmallStack(() =>
        {
            var x0 = Leaf(1f, -1f);
            var factor = Tensor.Scalar(1.0001f);
            var zero = Tensor.Zeros(2);
            var x = x0;
            for (int i = 0; i < 10_000; i++) x = x.Mul(factor).Add(zero);
            x.Sum().Backward();
            float expected = ChainGradient(10_000, 1.0001f);
            Near([expected, expected], x0.Grad, 1e-4f);
        });
    }

    [Fact]
    public void DiamondGraphsAddTheirPaths()
    {
        var x = Leaf(1f, -2f, 3f);
        (x + x).Sum().Backward();
        Near([2f, 2f, 2f], x.Grad);

        x.Grad = null;
        (x * x).Sum().Backward();
        Near([2f, -4f, 6f], x.Grad);

        // h = 2x; y = h·h + h: dy/dx = (2h + 1)·2
        x.Grad = null;
        var h = x.MulScalar(2f);
        (h * h + h).Sum().Backward();
        Near([10f, -14f, 26f], x.Grad);

        // y = e^x · sin x: dy/dx = e^x (sin x + cos x)
        x.Grad = null;
        (x.Exp() * x.Sin()).Sum().Backward();
        var xs = new[] { 1f, -2f, 3f };
        Near([.. xs.Select(v => MathF.Exp(v) * (MathF.Sin(v) + MathF.Cos(v)))], x.Grad, 1e-4f);
    }

    [Fact]
    public void WideFanOutSumsEveryUse()
    {
        var x = Leaf(1f, 2f);
        var total = x.MulScalar(1f);
        for (int i = 2; i <= 200; i++) total = total + x.MulScalar(i);
        total.Sum().Backward();
        float expected = 200 * 201 / 2f;
        Near([expected, expected], x.Grad);
    }

    [Fact]
    public void SharedIntermediateWithManyConsumers()
    {
        var x = Leaf(0.5f, 1.5f);
        var h = x.Exp();
        var parts = new Tensor[50];
        for (int i = 0; i < parts.Length; i++) parts[i] = h.MulScalar(1f / parts.Length);
        var y = parts[0];
        for (int i = 1; i < parts.Length; i++) y = y + parts[i];
        y.Sum().Backward();
        Near([MathF.Exp(0.5f), MathF.Exp(1.5f)], x.Grad, 1e-4f);
    }

    // ---------------------------------------------------------------- RequiresGrad, NoGrad, Detach, RetainGrad

    [Fact]
    public void RequiresGradPropagatesThroughOps()
    {
        var a = Leaf(1f, 2f);
        var b = Tensor.FromArray([3f, 4f]);
        Assert.True(a.IsLeaf);
        Assert.True(b.IsLeaf);
        Assert.False(b.RequiresGrad);

        var c = a + b;
        Assert.True(c.RequiresGrad);
        Assert.False(c.IsLeaf);
        Assert.NotNull(c.GradFn);
        Assert.Equal("add", c.GradFn!.Name);

        Assert.False((b * b).RequiresGrad);
        Assert.Null((b * b).GradFn);
        Assert.True(a.Exp().RequiresGrad);
        Assert.True(a.Reshape(2, 1).RequiresGrad);
        Assert.True(a.Unsqueeze(0).T.RequiresGrad);
        Assert.True(a.Slice(0, 0, 2, 2).RequiresGrad);
        Assert.True(a.Sum().RequiresGrad);
        Assert.True(Tensor.Concat([b, a]).RequiresGrad);
        Assert.True(Tensor.Where(Tensor.Ones(2), b, a).RequiresGrad);
        Assert.True(a.Max(0).Values.RequiresGrad);
    }

    [Fact]
    public void ComparisonsAndIndicesCarryNoGradient()
    {
        var a = Leaf(1f, 2f, 0.5f);
        Assert.False(a.Gt(Tensor.Scalar(1f)).RequiresGrad);
        Assert.False(a.Eq(a).RequiresGrad);
        Assert.False(a.Max(0).Indices.RequiresGrad);
        Assert.False(a.Argmax().RequiresGrad);
        Assert.False(a.Argmin(0).RequiresGrad);
    }

    [Fact]
    public void NoGradStopsRecordingAndNests()
    {
        var a = Leaf(1f, 2f);
        Assert.True(AutogradMode.IsEnabled);
        using (AutogradMode.NoGrad())
        {
            Assert.False(AutogradMode.IsEnabled);
            var c = a * 2f + a;
            Assert.False(c.RequiresGrad);
            Assert.Null(c.GradFn);
            Assert.True(c.IsLeaf);
            using (AutogradMode.NoGrad()) Assert.False(AutogradMode.IsEnabled);
            Assert.False(AutogradMode.IsEnabled);
            Assert.False(a.MatMul(a).RequiresGrad);
            Assert.False(a.Unsqueeze(0).T.RequiresGrad);
        }
        Assert.True(AutogradMode.IsEnabled);
        Assert.True((a * 2f).RequiresGrad);
    }

    [Fact]
    public void NoGradHandlesReleaseInnerBeforeOuter()
    {
        var outer = AutogradMode.NoGrad();
        var inner = AutogradMode.NoGrad();
        inner.Dispose();
        Assert.False(AutogradMode.IsEnabled);
        outer.Dispose();
        Assert.True(AutogradMode.IsEnabled);
    }

    [Fact]
    public void NoGradHandleDisposedTwiceDoesNotEndTheOuterRegion()
    {
        var outer = AutogradMode.NoGrad();
        try
        {
            var inner = AutogradMode.NoGrad();
            inner.Dispose();
            inner.Dispose(); // IDisposable contract: a second Dispose must do nothing
            Assert.False(AutogradMode.IsEnabled);
        }
        finally
        {
            outer.Dispose();
        }
        Assert.True(AutogradMode.IsEnabled);
    }

    [Fact]
    public void DetachStopsGradientsAndSharesMemory()
    {
        var x = Leaf(1f, 2f, 3f);
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Same(x.Storage, d.Storage);

        (x * x.Detach()).Sum().Backward();
        Near([1f, 2f, 3f], x.Grad); // only the recorded factor contributes

        var y = x.Exp();
        var yd = y.Detach();
        Assert.Null(yd.GradFn);
        Assert.False(yd.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => yd.MulScalar(2f).Sum().Backward());
    }

    [Fact]
    public void RetainGradKeepsANonLeafGradient()
    {
        var x = Leaf(1f, -2f);
        var h = x.MulScalar(2f).RetainGrad();
        var other = x.MulScalar(3f);
        (h * h + other).Sum().Backward();
        Near([4f, -8f], h.Grad); // d(h²)/dh = 2h
        Assert.Null(other.Grad);
        Near([11f, -13f], x.Grad); // 2h·2 + 3
    }

    [Fact]
    public void RetainGradAccumulatesWithRetainGraph()
    {
        var x = Leaf(1f, 2f);
        var h = x.Exp().RetainGrad();
        var y = h.Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Near([2f, 2f], h.Grad);
    }

    // ---------------------------------------------------------------- interplay with scopes and pooled buffers

    [Fact]
    public void LeafGradientsSurviveTheTensorScopeOfTheStep()
    {
        var w = Leaf2D([0.5f, -1f, 2f, 0.25f], 2, 2);
        float[]? first = null;
        for (int step = 0; step < 3; step++)
        {
            w.Grad = null;
            Tensor loss;
            using (TensorScope.Enter())
            {
                var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
                loss = x.MatMul(w).Tanh().Square().Mean();
                loss.Backward();
            }
            Assert.Throws<InvalidOperationException>(() => loss.Item());
            var grad = w.Grad!.ToArray();
            first ??= grad;
            Assert.Equal(first, grad);
        }
    }

    [Fact]
    public void ConcurrentBackwardPassesOnSeparateThreadsDoNotInterfere()
    {
        const int threads = 6, steps = 40;
        var results = new float[threads][];
        var errors = new Exception?[threads];
        var workers = new Thread[threads];
        for (int k = 0; k < threads; k++)
        {
            int id = k;
            workers[k] = new Thread(() =>
            {
                try
                {
                    var w = Tensor.Normal([6, 5], generator: new Generator(100));
                    w.RequiresGrad = true;
                    var x = Tensor.Normal([8, 6], generator: new Generator(101));
                    for (int step = 0; step < steps; step++)
                    {
                        w.Grad = null;
                        using (TensorScope.Enter())
                        {
                            var h = x.MatMul(w).Tanh();
                            (h.Softmax(1) * h).Sum().Backward();
                        }
                        var grad = w.Grad!.ToArray();
                        if (results[id] is null) results[id] = grad;
                        else if (!results[id].SequenceEqual(grad)) throw new InvalidOperationException($"step {step} changed the gradient");
                    }
                }
                catch (Exception e) { errors[id] = e; }
            });
            workers[k].Start();
        }
        foreach (var t in workers) t.Join();
        for (int k = 0; k < threads; k++) Assert.Null(errors[k]);
        for (int k = 1; k < threads; k++) Assert.Equal(results[0], results[k]);
    }

    [Fact]
    public void RepeatedStepsWithRecycledBuffersGiveIdenticalGradients()
    {
        var w = Tensor.Normal([4, 3], generator: new Generator(7));
        w.RequiresGrad = true;
        var x = Tensor.Normal([5, 4], generator: new Generator(8));
        float[]? reference = null;
        for (int step = 0; step < 5; step++)
        {
            w.Grad = null;
            using (TensorScope.Enter())
            {
                var logits = x.MatMul(w);
                var loss = logits.LogSoftmax(1).Select(1, 0).Mean().Neg() + logits.Square().Sum().MulScalar(0.01f);
                loss.Backward();
            }
            var grad = w.Grad!.ToArray();
            reference ??= grad;
            Assert.Equal(reference, grad);
        }
    }
}
