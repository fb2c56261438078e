using StrategyReports.Domain.Rollups;
using StrategyReports.Pdf;

namespace StrategyReports.Reports;

/// <summary>A highlight report as a PDF: A4, one page sequence headed with the partnership, programme and period.</summary>
public sealed class HighlightReportDocument(HighlightReport report) : IDocument
{
    public DocumentMetadata Metadata { get; } = ReportPdf.Metadata(report.Header, report.Title);

    public void Compose(DocumentContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        container.Page(page =>
        {
            ReportPdf.Bands(page, report.Header, report.Programme.Name);
            var content = new Column(8);
            ReportPdf.SampleBanner(content, report.Header);
            content.Add(new Heading(report.Title, 1));
            ReportPdf.Programme(content, report.Programme, level: 2);
            page.Content = content;
        });
    }
}

/// <summary>A board pack as a PDF: the cover, then each programme on its own pages under its own header.</summary>
public sealed class BoardPackDocument(BoardPack pack) : IDocument
{
    public DocumentMetadata Metadata { get; } = ReportPdf.Metadata(pack.Header, pack.Title);

    public void Compose(DocumentContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        container.Page(page =>
        {
            ReportPdf.Bands(page, pack.Header, pack.AssuranceGroupName);
            var cover = new Column(8);
            ReportPdf.SampleBanner(cover, pack.Header);
            cover.Add(new Heading(pack.Title, 1));
            cover.Add(new Text(pack.Summary, TextStyle.Default.WithSize(11)));
            if (pack.HasProgrammes)
            {
                var table = ReportPdf.Table(ColumnWidth.Relative(3), ColumnWidth.Fixed(78), ColumnWidth.Relative(2), ColumnWidth.Relative(1.5))
                    .Header("Programme", "Overall", "Measures", "Returns and highlight");
                foreach (var line in pack.Lines)
                {
                    table.AddRow(
                        new Column(1) { new Text(line.Name, ReportPdf.Small.AsBold()), new Text("Lead: " + line.Lead, ReportPdf.Note) },
                        ReportPdf.Chip(line.OverallRag),
                        line.Measures,
                        new Column(1) { new Text(line.Completeness, ReportPdf.Small), new Text("Highlight: " + line.SignOff, ReportPdf.Note) });
                }

                cover.Add(table);
                cover.Add(new Heading("Sign-off", 2));
                cover.Add(new Text(pack.SignOff, ReportPdf.Small));
                cover.Add(new Heading("Escalated risks", 2));
                ReportPdf.Escalations(cover, pack.EscalatedRisks, "No risks of these programmes are escalated.");
                if (pack.Decisions.Count > 0)
                {
                    cover.Add(new Heading("Decisions and support asked", 2));
                    ReportPdf.Decisions(cover, pack.Decisions);
                }
            }

            if (pack.ReportingGroups.Count > 0)
            {
                cover.Add(new Heading($"Groups reporting to {pack.AssuranceGroupName}", 2));
                foreach (var group in pack.ReportingGroups)
                {
                    ReportPdf.GroupSummary(cover, group);
                }
            }

            page.Content = cover;
        });

        foreach (var programme in pack.Programmes)
        {
            container.Page(page =>
            {
                ReportPdf.Bands(page, pack.Header, programme.Name);
                var content = new Column(8);
                ReportPdf.SampleBanner(content, pack.Header);
                content.Add(new Heading(programme.Name, 2));
                ReportPdf.Programme(content, programme, level: 3);
                page.Content = content;
            });
        }
    }
}

/// <summary>The pieces both report PDFs are built from, so they look alike and say the same as the HTML.</summary>
internal static class ReportPdf
{
    public static readonly TextStyle Small = TextStyle.Default.WithSize(8.5);
    public static readonly TextStyle Note = TextStyle.Default.WithSize(7.5).WithColor(Rgb.DarkGrey);

    public static DocumentMetadata Metadata(ReportHeader header, string title) => new($"{title}: {header.PartnershipName}, {header.PeriodLabel}")
    {
        Author = header.PartnershipName,
        Subject = title,
        Keywords = $"{header.PartnershipId} {header.PeriodId}",
        Language = "en-GB",
        Date = header.GeneratedAtInstant,
    };

    public static void Bands(PageDescriptor page, ReportHeader header, string subject)
    {
        page.Size = PageSize.A4;
        page.Margin = Edges.FromMillimetres(15);
        page.Header = new Box(new Row()
            .Relative(new Column(2)
            {
                new Text(header.PartnershipName, Note),
                new Text(subject, TextStyle.Default.WithSize(11).AsBold()),
            }, 3)
            .Relative(new Text(header.PeriodLabel, TextStyle.Default.WithSize(8), TextAlignment.Right), 2))
        {
            Padding = new Edges(0, 0, 4, 0),
            Border = Sides.Bottom,
        };
        var generated = "Generated " + header.GeneratedAt + (header.ContainsSampleData ? " · SAMPLE DATA" : string.Empty);
        page.Footer = new Row()
            .Relative(new Column(1) { new Text($"{header.PartnershipName} · {subject} · {header.PeriodLabel}", Note), new Text(generated, Note) }, 3)
            .Relative(new PageNumber("Page {0} of {1}", TextStyle.Default.WithSize(7.5), TextAlignment.Right));
    }

    public static void SampleBanner(Column content, ReportHeader header)
    {
        if (header.SampleDataNotice is { } notice)
        {
            content.Add(new Box(new Text(notice, TextStyle.Default.WithSize(9.5).AsBold()))
            {
                Background = Rgb.RagAmber,
                Padding = Edges.Symmetric(5, 8),
            });
        }
    }

    public static Table Table(params ColumnWidth[] columns) => new(columns)
    {
        TextStyle = Small,
        HeaderTextStyle = Small.AsBold(),
        CellPadding = Edges.Symmetric(3, 4),
    };

    /// <summary>
    /// The RAG chip in NHS colours, with text that passes contrast on each ground: its label always says
    /// the rating, so colour is never the only cue.
    /// </summary>
    public static Chip Chip(RagView rag) => rag.Rating switch
    {
        Rag.Green => new Chip(rag.Label, Rgb.RagGreen, Rgb.White) { Style = Small.AsBold() },
        Rag.Amber => new Chip(rag.Label, Rgb.RagAmber, Rgb.Text) { Style = Small.AsBold() },
        Rag.Red => new Chip(rag.Label, Rgb.RagRed, Rgb.White) { Style = Small.AsBold() },
        _ => new Chip(rag.Label, Rgb.DarkGrey, Rgb.White) { Style = TextStyle.Default.WithSize(7).AsBold() },
    };

    public static void Programme(Column content, ProgrammeSection programme, int level)
    {
        content.Add(new Row()
            .Fixed(120, new Column(2) { new Text("Overall rating", Note), Chip(programme.OverallRag) })
            .Relative(new Column(2)
            {
                new Text("Lead: " + programme.Lead, Small),
                new Text(programme.OverallRagRule, Note),
            }));
        if (programme.Description is { } description)
        {
            content.Add(new Text(description, Small));
        }

        LeadHighlight(content, programme, level);

        content.Add(new Heading("Success measures", level));
        content.Add(Measures(programme.Measures));

        content.Add(new Heading("Returns", level));
        content.Add(new Text(programme.Completeness.Summary, Small));
        if (programme.Completeness.HasMissing)
        {
            content.Add(new Text("Not yet received from: " + string.Join(", ", programme.Completeness.Missing) + ".", Small));
        }

        foreach (var voice in programme.StaffVoice)
        {
            content.Add(new Heading("Staff voice: " + voice.Title, level));
            content.Add(StaffVoice(voice));
            foreach (var comments in voice.Comments)
            {
                content.Add(new Column(2)
                {
                    new Text(comments.Question, Small.AsBold()),
                    new Text(string.Join('\n', comments.Answers.Select(answer => "• " + answer)), Small),
                });
            }
        }

        content.Add(new Heading("Risks and issues", level));
        if (programme.RiskLog.Count == 0)
        {
            content.Add(new Text("No risks or issues are logged for this period.", Small));
        }
        else
        {
            content.Add(RiskLog(programme.RiskLog));
        }

        content.Add(new Heading("Milestones", level));
        if (programme.Milestones.Count == 0)
        {
            content.Add(new Text("No milestones are planned.", Small));
        }
        else
        {
            content.Add(Milestones(programme.Milestones));
        }

        if (programme.HasEvidence)
        {
            content.Add(new Heading("Evidence from partners", level));
            content.Add(new Text("What partners wrote in their returns, behind the lead's highlight.", Note));
            // The PDF has three heading sizes; inside a board pack the evidence shares the section's.
            var sublevel = Math.Min(level + 1, 3);
            Narrative(content, "Achievements", programme.Achievements, sublevel);
            Narrative(content, "Next steps", programme.NextSteps, sublevel);
            Narrative(content, "Risks and issues partners raised", programme.Risks, sublevel);
        }

        if (programme.DataQualityNotes.Count > 0)
        {
            content.Add(new Heading("Data quality", level));
            content.Add(new Text(string.Join('\n', programme.DataQualityNotes.Select(note => "• " + note)), Small));
        }
    }

    private static void LeadHighlight(Column content, ProgrammeSection programme, int level)
    {
        content.Add(new Heading("Programme lead's highlight", level));
        if (programme.LeadHighlight is not { } highlight)
        {
            content.Add(new Text(programme.SignOff, Small.WithColor(Rgb.DarkGrey)));
            return;
        }

        if (highlight.IsDraft)
        {
            content.Add(new Box(new Text("Draft: not yet submitted to the board.", Small.AsBold()))
            {
                Background = Rgb.RagAmber,
                Padding = Edges.Symmetric(3, 6),
            });
        }

        content.Add(new Text(highlight.SignOff, Note));
        foreach (var (title, text) in new[]
        {
            ("Overall commentary", highlight.Commentary),
            ("Achievements this period", highlight.Achievements),
            ("Plans for next period", highlight.NextPeriodPlans),
            ("Decisions or support asked of the board", highlight.DecisionsAsked),
        })
        {
            if (text is not null)
            {
                content.Add(new Row().Relative(new Column(1) { new Text(title, Small.AsBold()), new Text(text, Small) }));
            }
        }
    }

    /// <summary>The band as a chip: its label says the score and band, so colour is never the only cue.</summary>
    private static Chip Band(RiskLine risk) => risk.Band switch
    {
        "Low" => new Chip(risk.Score, Rgb.RagGreen, Rgb.White) { Style = Small.AsBold() },
        "Moderate" => new Chip(risk.Score, Rgb.FromHex("#ffeb3b"), Rgb.Text) { Style = Small.AsBold() },
        "High" => new Chip(risk.Score, Rgb.RagAmber, Rgb.Text) { Style = Small.AsBold() },
        _ => new Chip(risk.Score, Rgb.RagRed, Rgb.White) { Style = Small.AsBold() },
    };

    private static Table RiskLog(IReadOnlyList<RiskLine> risks)
    {
        var table = Table(ColumnWidth.Relative(3.4), ColumnWidth.Fixed(84), ColumnWidth.Relative(1.3), ColumnWidth.Relative(2.6))
            .Header("Risk or issue", "Score", "Change since last period", "Mitigations");
        foreach (var risk in risks)
        {
            var description = new Column(1);
            if (risk.IsEscalated)
            {
                description.Add(new Text(risk.Escalation, Small.AsBold().WithColor(Rgb.RagRed)));
            }

            description.Add(new Text(risk.Description, Small.AsBold()));
            description.Add(new Text($"Owner: {risk.Owner} · {risk.Status}", Note));
            table.AddRow(description, new Column(1) { Band(risk), new Text(risk.Rating, Note) }, risk.Change, risk.Mitigations);
        }

        return table;
    }

    private static Table Milestones(IReadOnlyList<MilestoneLine> milestones)
    {
        var table = Table(ColumnWidth.Relative(3.2), ColumnWidth.Relative(1.4), ColumnWidth.Relative(1.6), ColumnWidth.Relative(1.1), ColumnWidth.Fixed(100))
            .Header("Milestone", "Due", "Owner", "Progress", "RAG");
        foreach (var milestone in milestones)
        {
            table.AddRow(
                new Column(1) { new Text(milestone.Name, Small.AsBold()), new Text(milestone.Source, Note) },
                milestone.Due,
                milestone.Owner,
                milestone.Status,
                Chip(milestone.Rag));
        }

        return table;
    }

    public static void Escalations(Column content, IReadOnlyList<EscalatedRiskLine> risks, string none)
    {
        if (risks.Count == 0)
        {
            content.Add(new Text(none, Small));
            return;
        }

        foreach (var line in risks)
        {
            content.Add(new Row()
                .Fixed(84, Band(line.Risk))
                .Relative(new Column(1)
                {
                    new Text($"{line.Programme}: {line.Risk.Description}", Small.AsBold()),
                    new Text($"{line.Risk.Escalation} · Owner: {line.Risk.Owner} · {line.Risk.Change} · Mitigations: {line.Risk.Mitigations}", Note),
                }));
        }
    }

    public static void Decisions(Column content, IReadOnlyList<DecisionLine> decisions)
    {
        foreach (var decision in decisions)
        {
            content.Add(new Row().Relative(new Column(1) { new Text(decision.Programme, Small.AsBold()), new Text(decision.Text, Small) }));
        }
    }

    public static void GroupSummary(Column content, GroupSummaryView group)
    {
        var body = new Column(4) { new Heading(group.Name, 3) };
        if (group.ReportsThrough.Length > 0)
        {
            body.Add(new Text(group.ReportsThrough, Note));
        }

        body.Add(new Text(group.Summary, Small));
        if (group.OverseesProgrammes)
        {
            GroupDetails(body, group);
        }

        content.Add(new Box(body) { Padding = new Edges(0, 0, 0, 8), Border = Sides.Left, BorderColor = Rgb.NhsBlue, BorderWidth = 3 });
    }

    private static void GroupDetails(Column body, GroupSummaryView group)
    {
        body.Add(new Text("Red measures", Small.AsBold()));
        body.Add(new Text(group.RedMeasures.Count == 0 ? "None." : string.Join('\n', group.RedMeasures.Select(m => $"• {m.Programme}: {m.Measure}: {m.Actual} against {m.Target}, {m.Gap}")), Small));
        body.Add(new Text("Escalated risks", Small.AsBold()));
        Escalations(body, group.EscalatedRisks, "None.");
        body.Add(new Text("Decisions and support asked", Small.AsBold()));
        if (group.Decisions.Count == 0)
        {
            body.Add(new Text("None.", Small));
        }

        Decisions(body, group.Decisions);
        body.Add(new Text("Milestone slippage", Small.AsBold()));
        if (group.Slippage.Count == 0)
        {
            body.Add(new Text("None.", Small));
        }

        foreach (var slip in group.Slippage)
        {
            body.Add(new Row().Fixed(110, Chip(slip.Rag)).Relative(new Text($"{slip.Programme}: {slip.Milestone}, due {slip.Due}", Small)));
        }
    }

    private static Table Measures(IReadOnlyList<MeasureView> measures)
    {
        var table = Table(
                ColumnWidth.Relative(3.2),
                ColumnWidth.Relative(1.9),
                ColumnWidth.Relative(1.5),
                ColumnWidth.Fixed(70),
                ColumnWidth.Relative(1.6),
                ColumnWidth.Relative(1.6),
                ColumnWidth.Fixed(76))
            .Header("Measure", "Actual", "Target", "RAG", "Gap to target", "Change since last quarter", "Trend");
        foreach (var measure in measures)
        {
            table.AddRow(
                new Column(1) { new Text(measure.Name, Small.AsBold()), new Text(measure.Contributors, Note) },
                measure.Actual,
                measure.Target,
                Chip(measure.Rag),
                measure.Gap,
                measure.Change,
                Trend(measure));
        }

        return table;
    }

    private static Element Trend(MeasureView measure)
    {
        var values = measure.Trend.Select(point => (double?)point.Value).ToList();
        if (measure.IsSuppressed || values.Count(value => value is not null) < 2)
        {
            return new Text(measure.IsSuppressed ? "Not shown" : "Too few quarters", Note);
        }

        var large = values.Any(value => Math.Abs(value ?? 0) >= 1000);
        return new Sparkline(values)
        {
            Target = (double?)measure.TargetValue,
            Width = 68,
            Height = 24,
            ValueFormat = large ? "#,0,k" : "0.#",
        };
    }

    private static Table StaffVoice(StaffVoiceView voice)
    {
        var widths = new List<ColumnWidth> { ColumnWidth.Relative(2.6), ColumnWidth.Relative(1.6), ColumnWidth.Relative(1) };
        widths.AddRange(voice.Themes.Select(_ => ColumnWidth.Relative(1)));
        widths.Add(ColumnWidth.Relative(0.9));
        var header = new List<TableCell> { "Group", "Responses", "Response rate" };
        header.AddRange(voice.Themes.Select(theme => (TableCell)(theme + " (0-10)")));
        header.Add("eNPS");
        var table = Table([.. widths]).Header([.. header]);
        foreach (var group in voice.Groups)
        {
            var cells = new List<TableCell> { group.Name };
            if (group.Notice is { } notice)
            {
                // The notice replaces every figure of a hidden group, the response count included.
                cells.Add(notice);
                cells.AddRange(Enumerable.Repeat((TableCell)"-", voice.Themes.Count + 2));
            }
            else
            {
                cells.Add(group.Responses);
                cells.Add(group.ResponseRate);
                cells.AddRange(group.Figures.Select(figure => (TableCell)figure));
                cells.Add(group.Enps);
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    private static void Narrative(Column content, string title, IReadOnlyList<NarrativeEntry> entries, int level)
    {
        if (entries.Count == 0)
        {
            return;
        }

        content.Add(new Heading(title, level));
        foreach (var entry in entries)
        {
            // A row never splits, so a partner's name is never left at the foot of a page without its words.
            content.Add(new Row().Relative(new Column(1) { new Text(entry.Partner, Small.AsBold()), new Text(entry.Text, Small) }));
        }
    }
}
