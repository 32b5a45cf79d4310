using Nabla.Nn;

namespace Nabla.Tests.Nn;

/// <summary>
/// <see cref="Sequential"/> recycles each intermediate as soon as the next layer's output exists when no graph is
/// recorded (inference inside a <see cref="TensorScope"/>), and never the chain's input, its output, or a
/// tensor whose memory the next layer's output shares (views such as Flatten's).
/// </summary>
public sealed class SequentialTests
{
    /// <summary>Returns tanh(x) and remembers it, so the test can see whether the chain recycled it.</summary>
    private sealed class Recorder : Module
    {
        public Tensor? Output { get; private set; }

        public override Tensor Forward(Tensor input) => Output = input.Tanh();
    }

    private static Tensor Input() => Tensor.FromArray([0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f], 2, 3);

    [Fact]
    public void InferenceRecyclesIntermediatesAndKeepsTheResult()
    {
        Generator.ManualSeed(3);
        var recorder = new Recorder();
        var model = new Sequential(new Linear(3, 4), recorder, new Linear(4, 2));
        var x = Input();
        float[] expected = model.Forward(x).ToArray();
        float[] result;
        using (TensorScope.Enter())
        using (Nabla.Autograd.NoGrad())
        {
            var y = model.Forward(x);
            result = y.ToArray();
            Assert.Throws<InvalidOperationException>(() => recorder.Output!.ToArray());
        }
        Assert.Equal(expected, result);
        Assert.Equal([0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f], x.ToArray());
    }

    [Fact]
    public void WithAGraphIntermediatesStayAliveForBackward()
    {
        Generator.ManualSeed(3);
        var recorder = new Recorder();
        var model = new Sequential(new Linear(3, 4), recorder, new Linear(4, 2));
        using (TensorScope.Enter())
        {
            var y = model.Forward(Input());
            Assert.Equal(8, recorder.Output!.ToArray().Length);
            y.Sum().Backward();
            Assert.NotNull(model.Parameters().First().Grad);
        }
    }

    [Fact]
    public void AViewOfTheIntermediateIsNotRecycledUnderTheNextLayer()
    {
        Generator.ManualSeed(3);
        var recorder = new Recorder();
        var model = new Sequential(recorder, new Flatten(), new Linear(3, 2));
        var x = Input();
        float[] expected = model.Forward(x).ToArray();
        using (TensorScope.Enter())
        using (Nabla.Autograd.NoGrad())
            Assert.Equal(expected, model.Forward(x).ToArray());
    }

    [Fact]
    public void TheChainsOwnInputIsNeverRecycled()
    {
        Generator.ManualSeed(3);
        var model = new Sequential(new Linear(3, 3), new Sequential(new ReLU(), new Linear(3, 1)));
        using (TensorScope.Enter())
        using (Nabla.Autograd.NoGrad())
        {
            var x = Input() * 1f; // scoped, like a batch made inside the step
            var y = model.Forward(x);
            Assert.Equal(6, x.ToArray().Length);
            Assert.Equal(2, y.ToArray().Length);
        }
    }
}
