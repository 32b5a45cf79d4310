using System.Globalization;
using System.Text;
using Nabla.Data;
using Nabla.Losses;
using Nabla.Training.Metrics;

namespace Nabla.Tuning.Ensembles;

/// <summary>An ensemble's scores next to each member's, on the same data.</summary>
/// <param name="Members">Each member's loss (when a loss was given) and metrics, in member order.</param>
/// <param name="Ensemble">The ensemble's loss (not for majority voting, whose output is not a score) and metrics.</param>
public sealed record EnsembleReport(IReadOnlyList<IReadOnlyDictionary<string, double>> Members, IReadOnlyDictionary<string, double> Ensemble)
{
    /// <summary>The best member value of <paramref name="metric"/> (highest, or lowest when <paramref name="lowerIsBetter"/>).</summary>
    public double BestMember(string metric, bool lowerIsBetter = false) =>
        lowerIsBetter ? Members.Min(m => m[metric]) : Members.Max(m => m[metric]);

    /// <summary>The worst member value of <paramref name="metric"/>.</summary>
    public double WorstMember(string metric, bool lowerIsBetter = false) =>
        lowerIsBetter ? Members.Max(m => m[metric]) : Members.Min(m => m[metric]);

    /// <summary>A table: one row per member, then the ensemble.</summary>
    public string ToTable()
    {
        var names = Ensemble.Keys.Union(Members.SelectMany(m => m.Keys)).ToList();
        var sb = new StringBuilder("model".PadRight(10));
        foreach (var n in names)
            sb.Append(n.PadLeft(12));
        sb.Append('\n');
        for (int m = 0; m <= Members.Count; m++)
        {
            var row = m < Members.Count ? Members[m] : Ensemble;
            sb.Append((m < Members.Count ? $"member {m}" : "ensemble").PadRight(10));
            foreach (var n in names)
                sb.Append((row.TryGetValue(n, out double v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-").PadLeft(12));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>
/// Scores an <see cref="Ensemble"/> and every one of its members on the same data in one pass (each member runs
/// once per batch, in evaluation mode without gradients), so an ensemble is never reported without its members.
/// </summary>
public static class EnsembleEvaluation
{
    /// <summary>Evaluates <paramref name="ensemble"/> and its members on <paramref name="data"/>.</summary>
    /// <param name="ensemble">The ensemble.</param>
    /// <param name="data">Evaluation samples.</param>
    /// <param name="metrics">Makes a fresh set of metrics (called once per member and once for the ensemble).</param>
    /// <param name="loss">Optional loss, reported as "loss".</param>
    /// <param name="batchSize">Samples per batch.</param>
    public static EnsembleReport Evaluate(Ensemble ensemble, IDataset data, Func<IReadOnlyList<Metric>> metrics, Loss? loss = null, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metrics);
        int count = ensemble.Members.Count;
        var accumulators = new Accumulator[count + 1];
        for (int m = 0; m <= count; m++)
            accumulators[m] = new Accumulator(metrics(), m < count || ensemble.Method != EnsembleMethod.MajorityVote ? loss : null);
        var modes = ensemble.Members.Select(m => m.Training).ToArray();
        ensemble.Eval();
        try
        {
            using var loader = new DataLoader(data, batchSize);
            using (Autograd.NoGrad())
                foreach (var batch in loader)
                    using (TensorScope.Enter())
                    {
                        var outputs = new Tensor[count];
                        for (int m = 0; m < count; m++)
                        {
                            outputs[m] = ensemble.Members[m].Forward(batch.Inputs);
                            accumulators[m].Update(outputs[m], batch.Targets, batch.Count);
                        }
                        var combined = ensemble.Method switch
                        {
                            EnsembleMethod.AverageProbabilities => EnsembleMath.AverageProbabilities(outputs).Clamp(1e-30f).Log(),
                            EnsembleMethod.AverageLogits => EnsembleMath.AverageLogits(outputs),
                            _ => EnsembleMath.VoteCounts(outputs),
                        };
                        accumulators[count].Update(combined, batch.Targets, batch.Count);
                    }
        }
        finally
        {
            for (int m = 0; m < count; m++)
                ensemble.Members[m].Train(modes[m]);
        }
        return new EnsembleReport([.. accumulators.Take(count).Select(a => a.Result())], accumulators[count].Result());
    }

    private sealed class Accumulator(IReadOnlyList<Metric> metrics, Loss? loss)
    {
        private double _lossSum;
        private long _samples;
        private bool _reset;

        public void Update(Tensor output, Tensor targets, int n)
        {
            if (!_reset)
            {
                foreach (var m in metrics)
                    m.Reset();
                _reset = true;
            }
            if (loss is not null)
                _lossSum += loss.Forward(output, targets).Item() * n;
            _samples += n;
            foreach (var m in metrics)
                m.Update(output, targets);
        }

        public Dictionary<string, double> Result()
        {
            var logs = new Dictionary<string, double>();
            if (loss is not null)
                logs["loss"] = _samples == 0 ? double.NaN : _lossSum / _samples;
            foreach (var m in metrics)
                logs[m.Name] = m.Result();
            return logs;
        }
    }
}
