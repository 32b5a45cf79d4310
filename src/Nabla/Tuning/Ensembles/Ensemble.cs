using Nabla.Nn;

namespace Nabla.Tuning.Ensembles;

/// <summary>
/// Several trained models used as one: the forward pass runs every member and combines their outputs with
/// <see cref="Method"/> (see <see cref="EnsembleMethod"/> for the formulas). Members are registered as children
/// "0", "1", … so <see cref="Module.Eval"/> and the state dict cover them. Use <see cref="EnsembleEvaluation"/> to
/// score the ensemble next to each member. The combination runs without gradients: ensembles combine trained
/// models, they are not trained end to end.
/// </summary>
public sealed class Ensemble : Module
{
    private readonly Module[] _members;

    /// <summary>Creates the ensemble (at least one member).</summary>
    public Ensemble(IEnumerable<Module> members, EnsembleMethod method = EnsembleMethod.AverageProbabilities)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = [.. members];
        if (_members.Length == 0)
            throw new ArgumentException("Ensemble: no members were given");
        for (int m = 0; m < _members.Length; m++)
            RegisterModule(m.ToString(System.Globalization.CultureInfo.InvariantCulture), _members[m]);
        Method = method;
    }

    /// <summary>The members.</summary>
    public IReadOnlyList<Module> Members => _members;

    /// <summary>The combination rule.</summary>
    public EnsembleMethod Method { get; }

    /// <summary>The combined output: log of the mean probabilities, the mean output, or vote counts.</summary>
    public override Tensor Forward(Tensor input)
    {
        var outputs = new Tensor[_members.Length];
        for (int m = 0; m < _members.Length; m++)
            outputs[m] = _members[m].Forward(input);
        return Method switch
        {
            EnsembleMethod.AverageProbabilities => EnsembleMath.AverageProbabilities(outputs).Clamp(1e-30f).Log(),
            EnsembleMethod.AverageLogits => EnsembleMath.AverageLogits(outputs),
            _ => EnsembleMath.VoteCounts(outputs),
        };
    }
}
