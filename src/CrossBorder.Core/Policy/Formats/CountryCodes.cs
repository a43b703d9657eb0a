using System.Collections.Frozen;

namespace CrossBorder.Core.Policy.Formats;

/// <summary>
/// ISO 3166-1 as a closed list in code: the 249 assigned alpha-2/alpha-3 pairs, plus the codes
/// travel documents use beyond it. A country field admits only these, so no name or sentence
/// travels in one.
/// </summary>
internal static class CountryCodes
{
    /// <summary>ISO 3166-1 officially assigned codes, alpha-2:alpha-3.</summary>
    private const string Assigned =
        "AF:AFG AX:ALA AL:ALB DZ:DZA AS:ASM AD:AND AO:AGO AI:AIA AQ:ATA AG:ATG AR:ARG AM:ARM AW:ABW AU:AUS AT:AUT AZ:AZE " +
        "BS:BHS BH:BHR BD:BGD BB:BRB BY:BLR BE:BEL BZ:BLZ BJ:BEN BM:BMU BT:BTN BO:BOL BQ:BES BA:BIH BW:BWA BV:BVT BR:BRA " +
        "IO:IOT BN:BRN BG:BGR BF:BFA BI:BDI CV:CPV KH:KHM CM:CMR CA:CAN KY:CYM CF:CAF TD:TCD CL:CHL CN:CHN CX:CXR CC:CCK " +
        "CO:COL KM:COM CG:COG CD:COD CK:COK CR:CRI CI:CIV HR:HRV CU:CUB CW:CUW CY:CYP CZ:CZE DK:DNK DJ:DJI DM:DMA DO:DOM " +
        "EC:ECU EG:EGY SV:SLV GQ:GNQ ER:ERI EE:EST SZ:SWZ ET:ETH FK:FLK FO:FRO FJ:FJI FI:FIN FR:FRA GF:GUF PF:PYF TF:ATF " +
        "GA:GAB GM:GMB GE:GEO DE:DEU GH:GHA GI:GIB GR:GRC GL:GRL GD:GRD GP:GLP GU:GUM GT:GTM GG:GGY GN:GIN GW:GNB GY:GUY " +
        "HT:HTI HM:HMD VA:VAT HN:HND HK:HKG HU:HUN IS:ISL IN:IND ID:IDN IR:IRN IQ:IRQ IE:IRL IM:IMN IL:ISR IT:ITA JM:JAM " +
        "JP:JPN JE:JEY JO:JOR KZ:KAZ KE:KEN KI:KIR KP:PRK KR:KOR KW:KWT KG:KGZ LA:LAO LV:LVA LB:LBN LS:LSO LR:LBR LY:LBY " +
        "LI:LIE LT:LTU LU:LUX MO:MAC MG:MDG MW:MWI MY:MYS MV:MDV ML:MLI MT:MLT MH:MHL MQ:MTQ MR:MRT MU:MUS YT:MYT MX:MEX " +
        "FM:FSM MD:MDA MC:MCO MN:MNG ME:MNE MS:MSR MA:MAR MZ:MOZ MM:MMR NA:NAM NR:NRU NP:NPL NL:NLD NC:NCL NZ:NZL NI:NIC " +
        "NE:NER NG:NGA NU:NIU NF:NFK MK:MKD MP:MNP NO:NOR OM:OMN PK:PAK PW:PLW PS:PSE PA:PAN PG:PNG PY:PRY PE:PER PH:PHL " +
        "PN:PCN PL:POL PT:PRT PR:PRI QA:QAT RE:REU RO:ROU RU:RUS RW:RWA BL:BLM SH:SHN KN:KNA LC:LCA MF:MAF PM:SPM VC:VCT " +
        "WS:WSM SM:SMR ST:STP SA:SAU SN:SEN RS:SRB SC:SYC SL:SLE SG:SGP SX:SXM SK:SVK SI:SVN SB:SLB SO:SOM ZA:ZAF GS:SGS " +
        "SS:SSD ES:ESP LK:LKA SD:SDN SR:SUR SJ:SJM SE:SWE CH:CHE SY:SYR TW:TWN TJ:TJK TZ:TZA TH:THA TL:TLS TG:TGO TK:TKL " +
        "TO:TON TT:TTO TN:TUN TR:TUR TM:TKM TC:TCA TV:TUV UG:UGA UA:UKR AE:ARE GB:GBR US:USA UM:UMI UY:URY UZ:UZB VU:VUT " +
        "VE:VEN VN:VNM VG:VGB VI:VIR WF:WLF EH:ESH YE:YEM ZM:ZMB ZW:ZWE";

    /// <summary>The number of officially assigned ISO 3166-1 codes.</summary>
    public const int AssignedCount = 249;

    /// <summary>
    /// ICAO 9303 codes for persons without a nationality of a state: XXA stateless, XXB refugee
    /// (1951 Convention), XXC refugee (other), XXX unspecified.
    /// </summary>
    public static readonly FrozenSet<string> IcaoSpecial = FrozenSet.ToFrozenSet(["XXA", "XXB", "XXC", "XXX"], StringComparer.Ordinal);

    /// <summary>
    /// Kosovo has no ISO 3166-1 code; its documents print RKS and the EU uses the user-assigned
    /// XK/XKX. Persons from Kosovo are among those the federation serves, so their codes are admitted.
    /// </summary>
    private static readonly (string Alpha2, string Alpha3)[] Kosovo = [("XK", "XKX"), ("XK", "RKS")];

    private static readonly (string Alpha2, string Alpha3)[] Pairs =
        [.. Assigned.Split(' ').Select(p => (p[..2], p[3..]))];

    /// <summary>Alpha-3 codes a country field admits.</summary>
    public static readonly FrozenSet<string> Alpha3 =
        Pairs.Concat(Kosovo).Select(p => p.Alpha3).Concat(IcaoSpecial).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Alpha-2 codes of subdivision codes and participant ids.</summary>
    public static readonly FrozenSet<string> Alpha2 =
        Pairs.Concat(Kosovo).Select(p => p.Alpha2).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>How many pairs the assigned list holds (a test compares it with <see cref="AssignedCount"/>).</summary>
    public static int AssignedPairs => Pairs.Length;
}
