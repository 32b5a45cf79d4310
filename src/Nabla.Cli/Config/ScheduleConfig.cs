namespace Nabla.Cli.Config;

/// <summary>
/// The <c>schedule</c> section: the learning rate as a function of the epoch e (0-based), applied at the start of
/// each epoch from the optimizer's base rate η₀:
/// constant η₀; step η₀·γ^⌊e/step_size⌋; exponential η₀·γ^e;
/// cosine η_min + (η₀ − η_min)(1 + cos(π·min(e, T)/T))/2 with T = t_max (default: the epochs);
/// warmup_cosine: linear from η₀/warmup_epochs up to η₀ over warmup_epochs, then cosine down to η_min.
/// </summary>
/// <param name="Name">One of <see cref="Names"/>.</param>
/// <param name="StepSize">Epochs per step (step).</param>
/// <param name="Gamma">Decay factor γ (step, exponential).</param>
/// <param name="TMax">Cosine period T in epochs, or null for the run's epochs.</param>
/// <param name="EtaMin">Floor η_min of the cosine schedules.</param>
/// <param name="WarmupEpochs">Linear warm-up epochs (warmup_cosine).</param>
public sealed record ScheduleConfig(string Name, int StepSize, double Gamma, int? TMax, double EtaMin, int WarmupEpochs)
{
    /// <summary>The schedule names a config can use.</summary>
    public static readonly string[] Names = ["constant", "step", "exponential", "cosine", "warmup_cosine"];

    /// <summary>Reads and validates the section.</summary>
    public static ScheduleConfig Read(ConfigSection s)
    {
        string name = s.Choice("name", "constant", Names);
        int stepSize = name == "step" ? s.Int("step_size", 10, 1) : 10;
        double gamma = name is "step" or "exponential" ? s.Number("gamma", name == "step" ? 0.1 : 0.95, 0, 1) : 0.1;
        int? tMax = name is "cosine" or "warmup_cosine" ? s.OptionalInt("t_max", 1) : null;
        double etaMin = name is "cosine" or "warmup_cosine" ? s.Number("eta_min", 0, 0) : 0;
        int warmup = name == "warmup_cosine" ? s.Int("warmup_epochs", 1, 0) : 0;
        s.Finish();
        return new ScheduleConfig(name, stepSize, gamma, tMax, etaMin, warmup);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> for base rate <paramref name="baseLr"/> in a run of <paramref name="epochs"/> epochs.</summary>
    public double LearningRate(int epoch, double baseLr, int epochs)
    {
        switch (Name)
        {
            case "step":
                return baseLr * Math.Pow(Gamma, epoch / StepSize);
            case "exponential":
                return baseLr * Math.Pow(Gamma, epoch);
            case "cosine":
                return Cosine(epoch, TMax ?? Math.Max(epochs, 1), baseLr);
            case "warmup_cosine":
                if (epoch < WarmupEpochs)
                    return baseLr * (epoch + 1) / WarmupEpochs;
                int t = (TMax ?? Math.Max(epochs - WarmupEpochs, 1));
                return Cosine(epoch - WarmupEpochs, t, baseLr);
            default:
                return baseLr;
        }
    }

    private double Cosine(int epoch, int period, double baseLr) =>
        EtaMin + (baseLr - EtaMin) * (1 + Math.Cos(Math.PI * Math.Min(epoch, period) / period)) / 2;
}
