using Nabla.Optim;

namespace Nabla.Cli.Config;

/// <summary>
/// The <c>optimizer</c> section: <c>{"name": "adam", "lr": 0.001, "weight_decay": 0, ...}</c> or just a name.
/// Learning rates default per optimizer (sgd, momentum, nesterov, adagrad 0.01; rmsprop, adam, adamw, radam
/// 0.001; nadam, adamax 0.002; lion 0.0001; adadelta 1.0).
/// </summary>
/// <param name="Name">The optimizer's name (one of <see cref="Names"/>).</param>
/// <param name="Lr">Learning rate η.</param>
/// <param name="WeightDecay">Weight decay λ (coupled L2; decoupled for adamw, default 0.01, and lion).</param>
/// <param name="Momentum">Momentum μ (sgd family) or α smoothing (rmsprop momentum term).</param>
/// <param name="Beta1">β₁ of the Adam family and Lion.</param>
/// <param name="Beta2">β₂ of the Adam family and Lion.</param>
/// <param name="Eps">ε of the adaptive optimizers.</param>
public sealed record OptimizerConfig(string Name, double Lr, double WeightDecay, double Momentum, double Beta1, double Beta2, double Eps)
{
    /// <summary>The optimizer names a config can use.</summary>
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam", "lion"];

    /// <summary>Reads and validates the section.</summary>
    public static OptimizerConfig Read(ConfigSection s)
    {
        string name = s.Choice("name", "adam", Names);
        double defaultLr = name switch
        {
            "sgd" or "momentum" or "nesterov" or "adagrad" => 0.01,
            "nadam" or "adamax" => 0.002,
            "lion" => 1e-4,
            "adadelta" => 1.0,
            _ => 0.001,
        };
        double lr = s.Number("lr", defaultLr, 0, 1e3);
        double wd = s.Number("weight_decay", name == "adamw" ? 0.01 : 0, 0, 10);
        double momentum = s.Number("momentum", name is "momentum" or "nesterov" ? 0.9 : 0, 0, 1);
        double beta1 = s.Number("beta1", 0.9, 0, 1);
        double beta2 = s.Number("beta2", name == "lion" ? 0.99 : 0.999, 0, 1);
        double eps = s.Number("eps", name == "adadelta" ? 1e-6 : 1e-8, 0, 1);
        if (name == "nesterov" && momentum <= 0)
            throw new ConfigException($"{s.PathOf("momentum")}: {momentum} is not valid; nesterov needs a momentum > 0");
        s.Finish();
        return new OptimizerConfig(name, lr, wd, momentum, beta1, beta2, eps);
    }

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Optimizer Create(IEnumerable<Tensor> parameters) => Name switch
    {
        "sgd" => new Sgd(parameters, Lr, momentum: Momentum, weightDecay: WeightDecay),
        "momentum" => new Sgd(parameters, Lr, momentum: Momentum, weightDecay: WeightDecay),
        "nesterov" => new Sgd(parameters, Lr, momentum: Momentum, weightDecay: WeightDecay, nesterov: true),
        "adagrad" => new Adagrad(parameters, Lr, weightDecay: WeightDecay),
        "adadelta" => new Adadelta(parameters, Lr, eps: Eps, weightDecay: WeightDecay),
        "rmsprop" => new RmsProp(parameters, Lr, eps: Eps, weightDecay: WeightDecay, momentum: Momentum),
        "adam" => new Adam(parameters, Lr, Beta1, Beta2, Eps, WeightDecay),
        "adamw" => new AdamW(parameters, Lr, Beta1, Beta2, Eps, WeightDecay),
        "adamax" => new Adamax(parameters, Lr, Beta1, Beta2, Eps, WeightDecay),
        "nadam" => new NAdam(parameters, Lr, Beta1, Beta2, Eps, WeightDecay),
        "radam" => new RAdam(parameters, Lr, Beta1, Beta2, Eps, WeightDecay),
        "lion" => new Lion(parameters, Lr, Beta1, Beta2, WeightDecay),
        _ => throw new InvalidOperationException($"optimizer '{Name}' has no factory"),
    };
}
