using Nabla.Tuning;
using Nabla.Tuning.Pruners;
using Nabla.Tuning.Samplers;

namespace Nabla.Tests.Tuning;

/// <summary>Pruners driven by scripted learning curves through a real study (so the journal-free bookkeeping is exercised).</summary>
public class PrunerTests
{
    private static readonly SearchSpace Space = new SearchSpace().Add("curve", new IntDistribution(0, 100));

    /// <summary>Runs one trial per curve (curve i's values per step); returns the trials.</summary>
    private static IReadOnlyList<Trial> Run(IPruner pruner, double[][] curves, StudyDirection direction = StudyDirection.Minimize, int firstStep = 0)
    {
        var study = new Study(Space, new GridSampler(101), pruner, direction);
        int index = 0;
        study.Optimize(t =>
        {
            var curve = curves[index++];
            for (int s = 0; s < curve.Length; s++)
            {
                t.Report(firstStep + s, curve[s]);
                if (t.ShouldPrune()) t.Prune();
            }
            return curve[^1];
        }, trials: curves.Length);
        return study.Trials;
    }

    [Fact]
    public void MedianPrunesCurvesWorseThanTheMedianAfterWarmup()
    {
        double[][] curves =
        [
            [1.0, 0.8, 0.6, 0.5],
            [1.0, 0.7, 0.5, 0.4],
            [1.0, 0.9, 0.7, 0.6],
            [2.0, 1.9, 1.8, 1.7], // worse than median 0.8 at step 1 (warm-up skips step 0)
            [1.0, 0.75, 0.55, 0.45], // better than the median everywhere
            [0.9, 0.85, 0.65, 0.3], // step 1: best so far 0.85 > median 0.8 → pruned
        ];
        var trials = Run(new MedianPruner(startupTrials: 3, warmupSteps: 1), curves);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Complete, TrialState.Pruned],
                     trials.Select(t => t.State));
        Assert.Equal(1, trials[3].LastStep);
        Assert.Equal(1.9, trials[3].Value);
        Assert.Equal(1, trials[5].LastStep);
    }

    [Fact]
    public void MedianWaitsForStartupTrialsAndFollowsTheDirection()
    {
        double[][] curves = [[0.5, 0.6], [0.9, 0.95], [0.1, 0.2]];
        var trials = Run(new MedianPruner(startupTrials: 2), curves, StudyDirection.Maximize);
        // Trials 0 and 1 run before 2 completed trials exist; trial 2 (accuracy 0.1 < median 0.7 of 0.5 and 0.9) is pruned at step 0.
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Pruned], trials.Select(t => t.State));
        Assert.Equal(0, trials[2].LastStep);
    }

    [Fact]
    public void SuccessiveHalvingKeepsTheTopThirdAtEachRung()
    {
        // Rungs at steps 1, 3, 9 (minResource 1, η 3). Steps are epochs completed: 1..9.
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3);
        Assert.Equal([1L, 3L, 9L], Enumerable.Range(0, 3).Select(pruner.RungStep));
        double[][] curves =
        [
            Curve(0.50), // first at rung 1: promoted (only competitor)
            Curve(0.40), // rung 1: 2 values, keep max(1, 0) → 1: 0.40 is best → promoted
            Curve(0.60), // rung 1: values 0.5, 0.4, 0.6; keep ⌊3/3⌋ = 1 → 0.6 pruned at step 1
            Curve(0.45), // rung 1: 4 values, keep 1 → 0.45 > 0.40 → pruned
            Curve(0.30), // rung 1: best → promoted; rung 3 likewise
        ];
        var trials = Run(pruner, curves, firstStep: 1);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Pruned, TrialState.Complete],
                     trials.Select(t => t.State));
        Assert.Equal(1, trials[2].LastStep);
        Assert.Equal(1, trials[3].LastStep);
    }

    [Fact]
    public void SuccessiveHalvingPrunesAtALaterRung()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2);
        // Rungs at 1, 2, 4. Trial 1 is best at step 1 but worse at step 2 (a crossing curve).
        double[][] curves = [[0.5, 0.3, 0.2, 0.1], [0.4, 0.35, 0.3, 0.2]];
        var trials = Run(pruner, curves, firstStep: 1);
        Assert.Equal(TrialState.Complete, trials[0].State);
        Assert.Equal(TrialState.Pruned, trials[1].State);
        Assert.Equal(2, trials[1].LastStep);
    }

    [Fact]
    public void HyperbandAssignsBracketsDeterministicallyAndComparesWithinThem()
    {
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3, seed: 5);
        Assert.Equal(3, pruner.BracketCount);
        var brackets = Enumerable.Range(0, 200).Select(pruner.Bracket).ToArray();
        Assert.Equal(brackets, Enumerable.Range(0, 200).Select(new HyperbandPruner(1, 9, 3, 5).Bracket));
        // Budgets ⌈3·9/3⌉=9, ⌈3·3/2⌉=5, ⌈3·1/1⌉=3 → shares 9/17, 5/17, 3/17.
        Assert.InRange(brackets.Count(b => b == 0) / 200.0, 0.42, 0.64);
        Assert.True(brackets.Count(b => b == 2) > 10);
        // A bad curve in bracket 0 is pruned at step 1 once a better trial of its bracket has reached that rung.
        int[] zero = [.. Enumerable.Range(0, 200).Where(i => brackets[i] == 0).Take(2)];
        var space = new SearchSpace().Add("i", new IntDistribution(0, 199));
        var study = new Study(space, new GridSampler(200), pruner);
        study.Optimize(t =>
        {
            if (t.Number != zero[0] && t.Number != zero[1]) return 1.0;
            double level = t.Number == zero[0] ? 0.1 : 0.9;
            for (int s = 1; s <= 9; s++)
            {
                t.Report(s, level);
                if (t.ShouldPrune()) t.Prune();
            }
            return level;
        }, trials: zero[1] + 1);
        Assert.Equal(TrialState.Complete, study.Trials[zero[0]].State);
        Assert.Equal(TrialState.Pruned, study.Trials[zero[1]].State);
    }

    private static double[] Curve(double level) => [.. Enumerable.Range(0, 9).Select(s => level - 0.01 * s)];
}
