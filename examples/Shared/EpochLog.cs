using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.Training.Metrics;

namespace Examples.Shared;

/// <summary>
/// Keeps the statistics of the training batches of one epoch (mean loss, accuracy, wall time) and prints one table
/// row per epoch: <c>epoch  train-loss  train-acc  test-acc  seconds</c>, then a closing line.
/// </summary>
internal sealed class EpochLog
{
    private readonly int _trainCount;
    private readonly Accuracy _accuracy = new();
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _clock = new();
    private double _lossSum;
    private double _testAccuracy;

    /// <summary>Prints the table header.</summary>
    /// <param name="trainCount">The number of training samples, the divisor of the epoch's summed loss.</param>
    public EpochLog(int trainCount)
    {
        _trainCount = trainCount;
        Console.WriteLine("epoch  train-loss  train-acc  test-acc  seconds");
    }

    /// <summary>Starts an epoch: resets the loss sum, the accuracy and the epoch's clock.</summary>
    public void StartEpoch()
    {
        _clock.Restart();
        _accuracy.Reset();
        _lossSum = 0;
    }

    /// <summary>Adds one trained batch: its mean <paramref name="loss"/> and the <paramref name="logits"/> it gave.</summary>
    public void Update(Batch batch, Tensor logits, Tensor loss)
    {
        _lossSum += loss.Item() * batch.Count;
        _accuracy.Update(logits, batch.Targets);
    }

    /// <summary>Prints the row of <paramref name="epoch"/> with the test accuracy measured after it.</summary>
    public void EndEpoch(int epoch, double testAccuracy)
    {
        _testAccuracy = testAccuracy;
        Console.WriteLine($"{epoch,5}  {_lossSum / _trainCount,10:F4}  {_accuracy.Result(),9:F4}  {testAccuracy,8:F4}  {_clock.Elapsed.TotalSeconds,7:F2}");
    }

    /// <summary>Prints the last test accuracy and the total time.</summary>
    public void Finish(int epochs) =>
        Console.WriteLine($"test accuracy {_testAccuracy:F4} after {epochs} epochs ({_total.Elapsed.TotalSeconds:F1} s)");
}
