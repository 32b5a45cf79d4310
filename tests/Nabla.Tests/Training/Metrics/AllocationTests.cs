using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>After the first batch has sized their buffers, updates allocate nothing on the managed heap.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Names => ["accuracy", "top_k", "binary_accuracy", "f1", "confusion_matrix", "mae", "r2", "mean"];

    private static Metric Make(string name) => name switch
    {
        "accuracy" => new Accuracy(),
        "top_k" => new TopKAccuracy(2),
        "binary_accuracy" => new BinaryAccuracy(),
        "f1" => new F1Score(ClassAverage.Macro),
        "confusion_matrix" => new ConfusionMatrix(),
        "mae" => new MeanAbsoluteError(),
        "r2" => new R2Score(),
        _ => new Mean(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void SteadyStateUpdatesDoNotAllocate(string name)
    {
        var g = new Generator(3);
        bool binary = name == "binary_accuracy";
        bool regression = name is "mae" or "r2" or "mean";
        var pred = binary ? Tensor.Uniform([64], generator: g) : Tensor.Normal([64, 5], generator: g);
        var target = binary ? Tensor.Bernoulli([64], 0.5f, g)
            : regression ? Tensor.Normal([64, 5], generator: g)
            : Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 5)).ToArray());
        var weights = Tensor.Uniform([64], generator: g);
        var strided = pred.Rank == 2 ? pred.T.Contiguous().T : pred;
        var m = Make(name);
        m.Update(pred, target, weights);
        m.Update(strided, target, weights);
        m.Result();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            m.Update(pred, target, weights);
            m.Update(strided, target);
        }
        m.Result();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
