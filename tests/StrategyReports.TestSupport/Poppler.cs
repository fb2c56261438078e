using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>Runs the poppler-utils tools on rendered PDFs, so assertions read what a real reader reads.</summary>
public static class Poppler
{
    /// <summary>The text of each page, laid out as on the page (<c>pdftotext -layout</c>).</summary>
    public static IReadOnlyList<string> PageTexts(byte[] pdf) => Run("pdftotext", pdf, "-layout", "{pdf}", "-").Split('\f').SkipLast(1).ToList();

    public static string AllText(byte[] pdf) => string.Join('\n', PageTexts(pdf));

    /// <summary>The text in drawing order with every run of white space made one space, so a table cell wrapped over lines reads as one phrase.</summary>
    public static string FlowText(byte[] pdf) => string.Join(' ', Run("pdftotext", pdf, "-raw", "{pdf}", "-").Split((char[])[' ', '\n', '\f', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary><c>pdfinfo</c> fields such as Title, Author, Pages.</summary>
    public static IReadOnlyDictionary<string, string> Info(byte[] pdf) =>
        Run("pdfinfo", pdf, "{pdf}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

    public static int PageCount(byte[] pdf) => int.Parse(Info(pdf)["Pages"], CultureInfo.InvariantCulture);

    public static string Fonts(byte[] pdf) => Run("pdffonts", pdf, "{pdf}");

    /// <summary>Writes page <paramref name="page"/> as a PNG at 60 dpi (<c>pdftoppm -r 60 -png</c>) and returns its path.</summary>
    public static string PagePng(byte[] pdf, int page, string path)
    {
        Run("pdftoppm", pdf, "-r", "60", "-png", "-f", $"{page}", "-l", $"{page}", "-singlefile", "{pdf}", path[..^".png".Length]);
        return path;
    }

    /// <summary>Page 1 as a PNG at 60 dpi, also kept at <paramref name="keepAs"/> when given.</summary>
    public static byte[] FirstPagePng(byte[] pdf, string? keepAs = null)
    {
        var png = PagePng(pdf, 1, Path.Combine(Path.GetTempPath(), "sr-pdf-" + Guid.NewGuid().ToString("N") + ".png"));
        try
        {
            var bytes = File.ReadAllBytes(png);
            if (keepAs is not null)
            {
                File.WriteAllBytes(keepAs, bytes);
            }

            return bytes;
        }
        finally
        {
            File.Delete(png);
        }
    }

    private static string Run(string tool, byte[] pdf, params string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), "sr-pdf-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument == "{pdf}" ? file : argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error.Result}");

            // A reader that copes but complains (a syntax error, a broken xref) means a malformed PDF.
            Assert.True(error.Result.Length == 0, $"{tool} complained: {error.Result}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
