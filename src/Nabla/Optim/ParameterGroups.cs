namespace Nabla.Optim;

/// <summary>Builders for common parameter-group layouts.</summary>
public static class ParameterGroups
{
    /// <summary>
    /// Splits named parameters into two groups: one with <c>weight_decay</c> = <paramref name="weightDecay"/>, and one
    /// with <c>weight_decay</c> = 0 holding the biases (rank-1 tensors or names ending in <c>bias</c>) and the
    /// normalization gains (rank-1 weights, e.g. BatchNorm/LayerNorm <c>weight</c>), which are usually not decayed.
    /// Empty groups are left out.
    /// </summary>
    public static List<ParamGroup> NoDecayForBiasAndNorm(IEnumerable<(string Name, Tensor Param)> namedParameters, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(namedParameters);
        if (!(weightDecay >= 0))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "NoDecayForBiasAndNorm: weightDecay must be non-negative");
        var decay = new List<Tensor>();
        var noDecay = new List<Tensor>();
        foreach (var (name, p) in namedParameters)
        {
            bool exempt = p.Rank <= 1 || name.EndsWith("bias", StringComparison.Ordinal);
            (exempt ? noDecay : decay).Add(p);
        }
        var groups = new List<ParamGroup>(2);
        if (decay.Count > 0) groups.Add(new ParamGroup(decay, new Dictionary<string, double> { ["weight_decay"] = weightDecay }));
        if (noDecay.Count > 0) groups.Add(new ParamGroup(noDecay, new Dictionary<string, double> { ["weight_decay"] = 0 }));
        if (groups.Count == 0)
            throw new ArgumentException("NoDecayForBiasAndNorm: no parameters were given");
        return groups;
    }
}
