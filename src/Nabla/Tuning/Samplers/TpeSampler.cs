namespace Nabla.Tuning.Samplers;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio &amp; Kégl, 2011), univariate as in Optuna's default.
/// After <see cref="StartupTrials"/> random trials, the complete trials are split at the γ quantile of the objective
/// into "good" (the best ⌈γ·n⌉, at most <see cref="MaxGood"/>) and "bad"; for each parameter, densities l(x) (good)
/// and g(x) (bad) are fitted — Parzen estimators in the internal (log for log scales) space for numbers, smoothed
/// frequencies (count + 1) for choices — and the sampler draws <see cref="Candidates"/> candidates from l and keeps
/// the one maximizing l(x)/g(x), which maximizes expected improvement under the TPE model.
/// </summary>
public sealed class TpeSampler : ISampler
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed; trial n draws from a generator seeded by (seed, n).</param>
    /// <param name="startupTrials">Trials sampled at random before the model is used.</param>
    /// <param name="gamma">Fraction of complete trials counted as good.</param>
    /// <param name="candidates">Candidates drawn from l(x) per parameter (expected-improvement candidates).</param>
    /// <param name="maxGood">Cap on the number of good trials.</param>
    public TpeSampler(ulong seed = 0, int startupTrials = 10, double gamma = 0.25, int candidates = 24, int maxGood = 25)
    {
        if (startupTrials < 0 || !(gamma > 0 && gamma < 1) || candidates < 1 || maxGood < 1)
            throw new ArgumentException(
                $"TpeSampler: need startupTrials ≥ 0, 0 < gamma < 1, candidates ≥ 1, maxGood ≥ 1; got {startupTrials}, {gamma}, {candidates}, {maxGood}");
        (Seed, StartupTrials, Gamma, Candidates, MaxGood) = (seed, startupTrials, gamma, candidates, maxGood);
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; }

    /// <summary>The good fraction γ.</summary>
    public double Gamma { get; }

    /// <summary>Candidates drawn per parameter.</summary>
    public int Candidates { get; }

    /// <summary>Cap on the good trials.</summary>
    public int MaxGood { get; }

    /// <inheritdoc/>
    public string Description => $"tpe(seed={Seed}, startup={StartupTrials}, gamma={Gamma}, candidates={Candidates})";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double>? Sample(SearchSpace space, int trialNumber, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        var rng = SamplerMath.For(Seed, trialNumber);
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v))
                             .OrderBy(t => SamplerMath.Score(t.Value!.Value, direction)).ThenBy(t => t.Number).ToList();
        var result = new Dictionary<string, double>();
        if (complete.Count < Math.Max(StartupTrials, 2))
        {
            foreach (var (name, d) in space.Parameters)
                result[name] = SamplerMath.Draw(d, rng);
            return result;
        }
        int good = Math.Clamp((int)Math.Ceiling(Gamma * complete.Count), 1, Math.Min(MaxGood, complete.Count - 1));
        foreach (var (name, d) in space.Parameters)
        {
            var below = new List<double>();
            var above = new List<double>();
            for (int i = 0; i < complete.Count; i++)
                if (complete[i].InternalParams.TryGetValue(name, out double x))
                    (i < good ? below : above).Add(x);
            result[name] = d is ChoiceDistribution c ? SampleChoice(c, below, above, rng) : SampleNumber(d, below, above, rng);
        }
        return result;
    }

    private double SampleNumber(Distribution d, List<double> below, List<double> above, Generator rng)
    {
        var l = new ParzenEstimator(below, d.InternalLow, d.InternalHigh);
        var g = new ParzenEstimator(above, d.InternalLow, d.InternalHigh);
        double best = double.NaN, bestScore = double.NegativeInfinity;
        for (int k = 0; k < Candidates; k++)
        {
            double x = l.Sample(rng);
            double score = l.LogPdf(x) - g.LogPdf(x);
            if (score > bestScore)
                (best, bestScore) = (x, score);
        }
        return d.Snap(best);
    }

    private int SampleChoice(ChoiceDistribution c, List<double> below, List<double> above, Generator rng)
    {
        int k = c.Values.Count;
        var l = Frequencies(c, below);
        var g = Frequencies(c, above);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int n = 0; n < Candidates; n++)
        {
            double u = rng.NextDouble(), acc = 0;
            int pick = k - 1;
            for (int i = 0; i < k; i++)
                if (u < (acc += l[i]))
                {
                    pick = i;
                    break;
                }
            double score = Math.Log(l[pick]) - Math.Log(g[pick]);
            if (score > bestScore)
                (best, bestScore) = (pick, score);
        }
        return best;
    }

    private static double[] Frequencies(ChoiceDistribution c, List<double> observations)
    {
        var p = new double[c.Values.Count];
        Array.Fill(p, 1.0);
        foreach (double x in observations)
            p[c.Index(x)] += 1;
        double total = p.Sum();
        for (int i = 0; i < p.Length; i++)
            p[i] /= total;
        return p;
    }
}
