using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>
/// The learning-rate range test (Smith 2015; fastai's lr_find): one optimizer step per batch with the rate growing
/// exponentially from <c>start</c> to <c>end</c> over <c>steps</c> batches, η_i = start·(end/start)^(i/(steps−1)).
/// The loss is smoothed as s_i = β·s_{i−1} + (1 − β)·loss_i with bias correction s_i/(1 − β^(i+1)) (β = 0.98); the
/// sweep stops once the smoothed loss exceeds 4× its best (or is not finite). The weights (and batch-norm
/// statistics) are restored afterwards. Suggestions: the rate of steepest descent of the smoothed loss against
/// log η, and the rate at the minimum divided by 10.
/// </summary>
public sealed class LrFinder : Callback
{
    private readonly double _start;
    private readonly double _end;
    private readonly int _steps;
    private readonly double _beta;
    private double _average;
    private double _best = double.PositiveInfinity;
    private int _step;

    /// <summary>Creates the sweep.</summary>
    public LrFinder(double start = 1e-7, double end = 10, int steps = 100, double beta = 0.98)
    {
        if (!(start > 0 && end > start))
            throw new ArgumentException($"LrFinder: need 0 < start < end, got start {start}, end {end}");
        if (steps < 2)
            throw new ArgumentException($"LrFinder: need at least 2 steps, got {steps}");
        _start = start;
        _end = end;
        _steps = steps;
        _beta = beta;
    }

    /// <summary>The learning rate of each step taken.</summary>
    public List<double> LearningRates { get; } = [];

    /// <summary>The bias-corrected smoothed loss after each step.</summary>
    public List<double> SmoothedLosses { get; } = [];

    /// <summary>Whether the sweep stopped because the loss diverged.</summary>
    public bool Diverged { get; private set; }

    /// <summary>The rate of step <paramref name="i"/>.</summary>
    public double RateAt(int i) => _start * Math.Pow(_end / _start, i / (double)(_steps - 1));

    /// <inheritdoc/>
    public override void OnBatchBegin(int batch, Logs logs) => Trainer.LearningRate = RateAt(_step);

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs)
    {
        double loss = logs.Get("batch_loss") ?? double.NaN;
        _average = _beta * _average + (1 - _beta) * loss;
        double smoothed = _average / (1 - Math.Pow(_beta, _step + 1));
        LearningRates.Add(RateAt(_step));
        SmoothedLosses.Add(smoothed);
        _step++;
        if (!double.IsFinite(smoothed) || smoothed > 4 * _best)
        {
            Diverged = true;
            Trainer.StopTraining = true;
            return;
        }
        _best = Math.Min(_best, smoothed);
        if (_step >= _steps)
            Trainer.StopTraining = true;
    }

    /// <summary>
    /// The rate where the smoothed loss falls fastest against log η (central differences, ignoring the
    /// first 10% of the points and the diverging tail), and the rate at the lowest loss divided by 10.
    /// </summary>
    public (double Steepest, double MinimumOver10) Suggest()
    {
        int n = SmoothedLosses.Count;
        if (Diverged && n > 1)
            n--;
        if (n < 3)
            throw new InvalidOperationException($"lr-find: only {n} usable steps; use more data, a smaller start rate or more steps");
        int minIndex = 0;
        for (int i = 1; i < n; i++)
            if (SmoothedLosses[i] < SmoothedLosses[minIndex]) minIndex = i;
        int skip = Math.Max(1, n / 10);
        int steepest = -1;
        double slope = double.PositiveInfinity;
        for (int i = skip; i < Math.Max(skip + 1, minIndex + 1) && i < n - 1; i++)
        {
            double d = (SmoothedLosses[i + 1] - SmoothedLosses[i - 1]) / (Math.Log(LearningRates[i + 1]) - Math.Log(LearningRates[i - 1]));
            if (d < slope)
            {
                slope = d;
                steepest = i;
            }
        }
        double minOver10 = LearningRates[minIndex] / 10;
        return (steepest < 0 ? minOver10 : LearningRates[steepest], minOver10);
    }
}
