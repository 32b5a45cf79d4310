using Nabla.Optim;
using Nabla.Optim.Schedules;

namespace Nabla.Cli.Config;

/// <summary>
/// The <c>schedule</c> section: a <see cref="Nabla.Optim.Schedules"/> scheduler stepped by the trainer after every
/// epoch (after every optimizer step for one_cycle and cyclic), from the base rate η₀ = <c>optimizer.lr</c>; e counts
/// epochs (steps for the per-batch ones):
/// step η₀·γ^⌊e/step_size⌋; multistep η₀·γ^(milestones passed); exponential η₀·γ^e;
/// cosine η_min + (η₀ − η_min)(1 + cos(π·e/T))/2; cosine_warm_restarts the same with period T₀·T_mult^k;
/// polynomial η₀·(1 − min(e, N)/N)^p; one_cycle warm-up from max_lr/div_factor to max_lr then annealing to
/// max_lr/(div_factor·final_div_factor) (fastai's fit_one_cycle); cyclic triangular between base_lr and max_lr.
/// <c>warmup_epochs</c> &gt; 0 multiplies any of them by a factor rising linearly from <c>warmup_start_factor</c> to 1.
/// </summary>
/// <param name="Name">One of <see cref="Names"/>.</param>
/// <param name="StepSize">Epochs per decay (step).</param>
/// <param name="Milestones">Epochs at which the rate decays (multistep).</param>
/// <param name="Gamma">Decay factor γ (step, multistep, exponential).</param>
/// <param name="TMax">Cosine half-period T in epochs, or null for the run's epochs.</param>
/// <param name="T0">First restart period T₀ (cosine_warm_restarts).</param>
/// <param name="TMult">Period growth factor (cosine_warm_restarts).</param>
/// <param name="EtaMin">Floor η_min of the cosine schedules.</param>
/// <param name="TotalIters">Decay length N (polynomial), or null for the run's epochs.</param>
/// <param name="Power">Exponent p (polynomial).</param>
/// <param name="MaxLr">Peak rate (one_cycle, cyclic), or null for optimizer.lr.</param>
/// <param name="PctStart">Share of the steps spent warming up (one_cycle).</param>
/// <param name="DivFactor">max_lr / initial rate (one_cycle).</param>
/// <param name="FinalDivFactor">initial rate / final rate (one_cycle).</param>
/// <param name="BaseLr">Lower rate (cyclic), or null for max_lr/10.</param>
/// <param name="StepSizeUp">Steps from base_lr to max_lr (cyclic).</param>
/// <param name="WarmupEpochs">Linear warm-up length in epochs (0: none).</param>
/// <param name="WarmupStartFactor">Factor of the rate at the first warm-up step.</param>
public sealed record ScheduleConfig(
    string Name, int StepSize, int[] Milestones, double Gamma, int? TMax, int T0, int TMult, double EtaMin,
    int? TotalIters, double Power, double? MaxLr, double PctStart, double DivFactor, double FinalDivFactor,
    double? BaseLr, int StepSizeUp, int WarmupEpochs, double WarmupStartFactor)
{
    /// <summary>The schedule names a config can use.</summary>
    public static readonly string[] Names =
        ["constant", "step", "multistep", "exponential", "cosine", "cosine_warm_restarts", "polynomial", "one_cycle", "cyclic"];

    /// <summary>Whether the schedule is stepped after every optimizer step rather than every epoch.</summary>
    public bool PerBatch => Name is "one_cycle" or "cyclic";

    /// <summary>Reads and validates the section.</summary>
    public static ScheduleConfig Read(ConfigSection s)
    {
        string name = s.Choice("name", "constant", Names);
        int stepSize = name == "step" ? s.Int("step_size", 10, 1) : 10;
        int[] milestones = [];
        if (name == "multistep")
        {
            var m = s.Numbers("milestones", [30, 80])!;
            if (m.Any(v => v < 1 || v != Math.Floor(v)))
                throw s.Bad("milestones", "a list of positive epoch numbers");
            milestones = m.Select(v => (int)v).ToArray();
        }
        double gamma = name is "step" or "multistep" or "exponential" ? s.Number("gamma", name == "exponential" ? 0.95 : 0.1, 0, 1) : 0.1;
        int? tMax = name == "cosine" ? s.OptionalInt("t_max", 1) : null;
        int t0 = name == "cosine_warm_restarts" ? s.Int("t_0", 10, 1) : 10;
        int tMult = name == "cosine_warm_restarts" ? s.Int("t_mult", 1, 1) : 1;
        double etaMin = name is "cosine" or "cosine_warm_restarts" ? s.Number("eta_min", 0, 0) : 0;
        int? totalIters = name == "polynomial" ? s.OptionalInt("total_iters", 1) : null;
        double power = name == "polynomial" ? s.Number("power", 1, 0) : 1;
        double? maxLr = name is "one_cycle" or "cyclic" ? s.OptionalNumber("max_lr", 0) : null;
        double pctStart = name == "one_cycle" ? s.Number("pct_start", 0.25, 0, 1) : 0.25;
        double divFactor = name == "one_cycle" ? s.Number("div_factor", 25, 1) : 25;
        double finalDiv = name == "one_cycle" ? s.Number("final_div_factor", 1e5, 1) : 1e5;
        double? baseLr = name == "cyclic" ? s.OptionalNumber("base_lr", 0) : null;
        int stepSizeUp = name == "cyclic" ? s.Int("step_size_up", 2000, 1) : 2000;
        int warmup = s.Int("warmup_epochs", 0, 0);
        double warmupStart = warmup > 0 ? s.Number("warmup_start_factor", 0.1, 1e-12, 1) : 0.1;
        s.Finish();
        return new ScheduleConfig(name, stepSize, milestones, gamma, tMax, t0, tMult, etaMin, totalIters, power, maxLr, pctStart,
                                  divFactor, finalDiv, baseLr, stepSizeUp, warmup, warmupStart);
    }

    /// <summary>
    /// Creates the scheduler on <paramref name="optimizer"/> (rate <paramref name="lr"/>) for a run of
    /// <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> optimizer steps; null for constant.
    /// </summary>
    public LrScheduler? Create(Optimizer optimizer, double lr, int epochs, int stepsPerEpoch)
    {
        epochs = Math.Max(epochs, 1);
        // Momentum is cycled only when the optimizer has one (SGD with momentum, or β₁ of the Adam family).
        bool cycle = optimizer.Defaults.TryGetValue("momentum", out double mu) ? mu > 0 : optimizer.Defaults.ContainsKey("beta1");
        LrScheduler? inner = Name switch
        {
            "step" => new StepLR(optimizer, StepSize, Gamma),
            "multistep" => new MultiStepLR(optimizer, Milestones, Gamma),
            "exponential" => new ExponentialLR(optimizer, Gamma),
            "cosine" => new CosineAnnealingLR(optimizer, TMax ?? epochs, EtaMin),
            "cosine_warm_restarts" => new CosineAnnealingWarmRestarts(optimizer, T0, TMult, EtaMin),
            "polynomial" => new PolynomialLR(optimizer, TotalIters ?? epochs, Power),
            "one_cycle" => new OneCycleLR(optimizer, MaxLr ?? lr, epochs * Math.Max(stepsPerEpoch, 1), PctStart,
                                          cycleMomentum: cycle, divFactor: DivFactor, finalDivFactor: FinalDivFactor),
            "cyclic" => new CyclicLR(optimizer, BaseLr ?? (MaxLr ?? lr) / 10, MaxLr ?? lr, StepSizeUp, cycleMomentum: cycle),
            _ => null,
        };
        if (WarmupEpochs == 0)
            return inner;
        inner ??= new LambdaLR(optimizer, _ => 1.0);
        return new LinearWarmup(inner, PerBatch ? WarmupEpochs * Math.Max(stepsPerEpoch, 1) : WarmupEpochs, WarmupStartFactor);
    }
}
