using Nabla.Data;
using Nabla.Data.Csv;

namespace Nabla.Tests.Data.Csv;

public class CsvReaderTests
{
    private static string[] Texts(string?[] values) => values.Select(v => v ?? "<missing>").ToArray();

    [Fact]
    public void Read_InfersTypesMissingValuesAndTarget()
    {
        using var dir = new TempFolder();
        string path = dir.Write("flowers.csv", "length,width,color,species\n1.5,0.2,red,setosa\n4.7,NA,blue,virginica\n?,1.1,,setosa\n");
        var t = CsvReader.Read(path, new CsvOptions { TargetColumn = "species" });
        Assert.Equal(3, t.RowCount);
        Assert.Equal(["length", "width", "color", "species"], t.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Numeric, t.Column("length").Kind);
        Assert.Equal(ColumnKind.Categorical, t.Column("color").Kind);
        Assert.True(float.IsNaN(t.Column("length").Numbers[2]));
        Assert.True(float.IsNaN(t.Column("width").Numbers[1]));
        Assert.Null(t.Column("color").Categories[2]);
        Assert.Equal(1, t.Column("width").MissingCount);
        Assert.Equal("species", t.Target!.Name);
        Assert.Equal(3, t.Features.Count);
        Assert.Equal(0, t.SkippedRows);
    }

    [Fact]
    public void Read_QuotingPerRfc4180()
    {
        using var dir = new TempFolder();
        string path = dir.Write("q.csv", "id,text\r\n1,\"hello, world\"\r\n2,\"she said \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,plain\r\n");
        var t = CsvReader.Read(path);
        Assert.Equal(["hello, world", "she said \"hi\"", "two\nlines", "plain"], Texts(t.Column("text").Categories));
        Assert.Equal([1f, 2f, 3f, 4f], t.Column("id").Numbers);
    }

    [Fact]
    public void Read_TsvDelimiterFromExtensionAndNoHeader()
    {
        using var dir = new TempFolder();
        string path = dir.Write("data.tsv", "1\ta,b\t3\n4\tc\t6\n");
        var t = CsvReader.Read(path, new CsvOptions { HasHeader = false, TargetIndex = -1 });
        Assert.Equal(["c0", "c1", "c2"], t.Columns.Select(c => c.Name));
        Assert.Equal(["a,b", "c"], Texts(t.Column("c1").Categories));
        Assert.Equal(2, t.TargetIndex);
    }

    [Fact]
    public void Read_ExplicitKindsAndMissingTokens()
    {
        using var dir = new TempFolder();
        string path = dir.Write("k.csv", "zip,score\n01000,-\n02000,3\n");
        var t = CsvReader.Read(path, new CsvOptions
        {
            ColumnKinds = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical },
            MissingTokens = ["-"],
        });
        Assert.Equal(["01000", "02000"], Texts(t.Column("zip").Categories));
        Assert.True(float.IsNaN(t.Column("score").Numbers[0]));
    }

    [Fact]
    public void WrongFieldCount_NamesFileLineExpectedAndActual()
    {
        using var dir = new TempFolder();
        string path = dir.Write("bad.csv", "a,b,c\n1,2,3\n4,5\n");
        var e = Assert.Throws<DataException>(() => CsvReader.Read(path));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("expected 3 fields", e.Message);
        Assert.Contains("found 2", e.Message);
    }

    [Fact]
    public void LineNumbers_CountQuotedLineBreaks()
    {
        using var dir = new TempFolder();
        string path = dir.Write("ml.csv", "a,b\n1,\"x\ny\"\n2,3,4\n");
        Assert.Contains("line 4", Assert.Throws<DataException>(() => CsvReader.Read(path)).Message);
    }

    [Fact]
    public void BadNumber_NamesFileLineColumnAndText()
    {
        using var dir = new TempFolder();
        string path = dir.Write("num.csv", "x,y\n1,2\n3,4\n5,6\n7,abc\n");
        var e = Assert.Throws<DataException>(() => CsvReader.Read(path));
        Assert.Contains("num.csv", e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.Contains("'y'", e.Message);
        Assert.Contains("\"abc\"", e.Message);
        var declared = dir.Write("num2.csv", "x,y\n1,oops\n");
        var e2 = Assert.Throws<DataException>(() => CsvReader.Read(declared,
            new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["y"] = ColumnKind.Numeric } }));
        Assert.Contains("line 2", e2.Message);
        Assert.Contains("\"oops\"", e2.Message);
    }

    [Fact]
    public void SkipBadRows_ReportsCountAndReasons()
    {
        using var dir = new TempFolder();
        string path = dir.Write("skip.csv", "x,y\n1,2\n3\n5,6\n7,abc\n9,10\n11,12,13\n");
        var t = CsvReader.Read(path, new CsvOptions { SkipBadRows = true });
        Assert.Equal(3, t.RowCount);
        Assert.Equal([1f, 5f, 9f], t.Column("x").Numbers);
        Assert.Equal(3, t.SkippedRows);
        Assert.Contains(t.SkippedRowMessages, m => m.Contains("line 3") && m.Contains("found 1"));
        Assert.Contains(t.SkippedRowMessages, m => m.Contains("line 5") && m.Contains("\"abc\""));
        Assert.Contains(t.SkippedRowMessages, m => m.Contains("line 7") && m.Contains("found 3"));
    }

    [Fact]
    public void EmptyAndHeaderOnlyFilesFail()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<DataException>(() => CsvReader.Read(dir.Write("empty.csv", "")));
        Assert.Contains("empty.csv", e.Message);
        Assert.Contains("empty", e.Message);
        Assert.Contains("no data rows", Assert.Throws<DataException>(() => CsvReader.Read(dir.Write("h.csv", "a,b\n"))).Message);
    }

    [Fact]
    public void UnclosedQuoteAndJunkAfterQuoteFail()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<DataException>(() => CsvReader.Read(dir.Write("u.csv", "a,b\n1,\"open\n2,3\n")));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("not closed", e.Message);
        Assert.Contains("after the closing quote", Assert.Throws<DataException>(() => CsvReader.Read(dir.Write("j.csv", "a,b\n1,\"x\"y\n"))).Message);
    }

    [Fact]
    public void UnknownTargetAndDuplicateHeaderFail()
    {
        using var dir = new TempFolder();
        string path = dir.Write("t.csv", "a,b\n1,2\n");
        Assert.Contains("'label'", Assert.Throws<ArgumentException>(() => CsvReader.Read(path, new CsvOptions { TargetColumn = "label" })).Message);
        Assert.Contains("twice", Assert.Throws<DataException>(() => CsvReader.Read(dir.Write("d.csv", "a,a\n1,2\n"))).Message);
        Assert.Throws<DataException>(() => CsvReader.Read(Path.Combine(dir.Path, "missing.csv")));
    }

    [Fact]
    public void SelectRowsAndDropMissingRows()
    {
        using var dir = new TempFolder();
        var t = CsvReader.Read(dir.Write("s.csv", "a,b\n1,x\nNA,y\n3,\n4,z\n"));
        var kept = t.DropMissingRows();
        Assert.Equal([1f, 4f], kept.Column("a").Numbers);
        Assert.Equal(["z", "x"], Texts(t.SelectRows([3, 0]).Column("b").Categories));
    }
}
