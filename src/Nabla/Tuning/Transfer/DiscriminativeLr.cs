using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Tuning.Transfer;

/// <summary>
/// Discriminative learning rates (Howard &amp; Ruder, 2018; fastai's <c>slice(lo, hi)</c>): layer group g of G gets
/// lr_g = lo · (hi/lo)^(g/(G−1)), a geometric spread from lo = base/<c>lrMult</c> for the earliest (most generic)
/// layers to hi = base for the head. One <see cref="ParamGroup"/> per layer group carries its rate.
/// </summary>
public static class DiscriminativeLr
{
    /// <summary>The G rates from <paramref name="baseLr"/>/<paramref name="lrMult"/> to <paramref name="baseLr"/>, geometrically spaced (one group gets the base rate).</summary>
    public static double[] Rates(int groups, double baseLr, double lrMult = 100)
    {
        if (groups < 1 || !(baseLr > 0) || !(lrMult >= 1))
            throw new ArgumentException($"DiscriminativeLr: need groups ≥ 1, baseLr > 0 and lrMult ≥ 1; got {groups}, {baseLr}, {lrMult}");
        var rates = new double[groups];
        double low = baseLr / lrMult;
        for (int g = 0; g < groups; g++)
            rates[g] = groups == 1 ? baseLr : low * Math.Pow(lrMult, (double)g / (groups - 1));
        rates[^1] = baseLr;
        return rates;
    }

    /// <summary>One parameter group per module of <paramref name="layerGroups"/> (earliest first), with the geometric rates.</summary>
    public static List<ParamGroup> Groups(IReadOnlyList<Module> layerGroups, double baseLr, double lrMult = 100)
    {
        ArgumentNullException.ThrowIfNull(layerGroups);
        var rates = Rates(layerGroups.Count, baseLr, lrMult);
        var groups = new List<ParamGroup>();
        for (int g = 0; g < layerGroups.Count; g++)
        {
            var ps = layerGroups[g].Parameters().ToList();
            if (ps.Count == 0)
                throw new ArgumentException($"DiscriminativeLr: layer group {g} ({layerGroups[g].DisplayName}) has no parameters; merge it into a neighbouring group");
            groups.Add(new ParamGroup(ps, new Dictionary<string, double> { ["lr"] = rates[g] }));
        }
        return groups;
    }

    /// <summary>Sets the geometric rates on an optimizer's existing groups (in group order).</summary>
    public static void Apply(Optimizer optimizer, double baseLr, double lrMult = 100)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var rates = Rates(optimizer.ParamGroups.Count, baseLr, lrMult);
        for (int g = 0; g < rates.Length; g++)
            optimizer.ParamGroups[g].Lr = rates[g];
    }
}
