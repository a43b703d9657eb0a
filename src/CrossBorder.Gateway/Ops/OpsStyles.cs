namespace CrossBorder.Gateway.Ops;

/// <summary>The console's one stylesheet, served from the assembly (the content security policy allows no inline style).</summary>
internal static class OpsStyles
{
    public const string Css = """
        :root { --ink: #1d2430; --muted: #5b6676; --line: #d5dbe3; --bg: #f6f8fa; --ok: #1f7a3a; --warn: #9a6700; --bad: #b42318; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f5b400; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
        header { display: flex; align-items: center; gap: 24px; padding: 8px 20px; background: #12263f; color: #fff; }
        header a { color: #fff; text-decoration: none; padding: 4px 6px; border-radius: 3px; }
        header a[aria-current=page] { background: #2d4c74; }
        header .who { margin-left: auto; display: flex; gap: 12px; align-items: center; font-size: 13px; }
        header form { margin: 0; }
        nav ul { list-style: none; display: flex; gap: 6px; margin: 0; padding: 0; }
        main { padding: 16px 20px; max-width: 1320px; }
        h1 { font-size: 20px; margin: 4px 0 12px; } h2 { font-size: 16px; margin: 18px 0 8px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
        .card h2 { margin-top: 0; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; background: #eef2f6; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, .id { font-family: ui-monospace, monospace; font-size: 13px; }
        .ok { color: var(--ok); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; } .bad { color: var(--bad); font-weight: 600; }
        .muted { color: var(--muted); }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
        input, select, button { font: inherit; padding: 4px 6px; }
        button { cursor: pointer; background: var(--accent); color: #fff; border: 0; border-radius: 3px; padding: 5px 12px; }
        header button { background: #2d4c74; }
        .login { max-width: 420px; margin: 60px auto; }
        .login input { width: 100%; font-family: ui-monospace, monospace; letter-spacing: 1px; }
        svg.chart { width: 100%; height: 120px; background: #fff; }
        .refresh { font-size: 12px; color: var(--muted); }
        .card.wide { margin-top: 12px; overflow-x: auto; }
        caption { text-align: left; font-weight: 600; padding: 6px 0 2px; }
        svg.chart .bar-flow { fill: var(--accent); } svg.chart .bar-refused { fill: var(--bad); }
        svg.chart .axis { stroke: var(--line); stroke-width: 1; } svg.chart .label { fill: var(--muted); font-size: 11px; }
        code.hash { word-break: break-all; }
        ul.inline { list-style: none; display: flex; gap: 12px; padding: 0; margin: 0 0 8px; }
        ul.inline a[aria-current=page] { font-weight: 600; text-decoration: none; }
        summary { cursor: pointer; margin-top: 6px; } summary:focus { outline: 3px solid #f5b400; }
        #messages .id, #trail code { white-space: nowrap; }
        """;
}
