namespace CrossBorder.Core.Policy.Formats;

/// <summary>
/// The detail codes of an <c>INVALID_FORMAT</c> refusal: one per kind of problem, reported with
/// the field path (never the value) on each decision line.
/// </summary>
public static class FormatDetailCodes
{
    /// <summary>The rule id reported on format refusals: the payload validation that runs before any rule.</summary>
    public const string Rule = "payload-format";

    /// <summary>Longer than the field's stated maximum (checked before anything else).</summary>
    public const string TooLong = "FORMAT_TOO_LONG";

    /// <summary>An enum number the enum does not name.</summary>
    public const string EnumUndefined = "FORMAT_ENUM_UNDEFINED";

    /// <summary>Not an ISO 3166-1 alpha-3 code (or ICAO XXA, XXB, XXC, XXX).</summary>
    public const string Country = "FORMAT_COUNTRY";

    /// <summary>Not an ISO 3166-2 subdivision code of a real country.</summary>
    public const string Subdivision = "FORMAT_SUBDIVISION";

    /// <summary>Not a real calendar date YYYY, YYYY-MM or YYYY-MM-DD in the accepted years.</summary>
    public const string Date = "FORMAT_DATE";

    /// <summary>Not a real RFC 3339 date-time with an offset.</summary>
    public const string DateTime = "FORMAT_DATE_TIME";

    /// <summary>Not an ISO 639-1 or ISO 639-3 language code.</summary>
    public const string Language = "FORMAT_LANGUAGE";

    /// <summary>Not a participant id or country and role such as <c>AL/NCP</c>.</summary>
    public const string Participant = "FORMAT_PARTICIPANT";

    /// <summary>Not a legal basis citation (see <see cref="Delivery.InnerHeaderFormat"/>).</summary>
    public const string LegalBasis = "FORMAT_LEGAL_BASIS";

    /// <summary>No policy stamp, or one whose id, version or SHA-256 is not in form.</summary>
    public const string PolicyStamp = "FORMAT_POLICY_STAMP";

    /// <summary>Not 32 lower-case hex digits.</summary>
    public const string MessageId = "FORMAT_MESSAGE_ID";

    /// <summary>Not a name in the character set of travel documents.</summary>
    public const string PersonName = "FORMAT_PERSON_NAME";

    /// <summary>Not a place name (letters, space, hyphen, apostrophe, full stop).</summary>
    public const string PlaceName = "FORMAT_PLACE_NAME";

    /// <summary>Not a document number.</summary>
    public const string DocumentNumber = "FORMAT_DOCUMENT_NUMBER";

    /// <summary>Not an identifier (letters, digits, <c>: / . _ -</c>, no spaces).</summary>
    public const string Reference = "FORMAT_REFERENCE";

    /// <summary>Not an organisation id.</summary>
    public const string Organisation = "FORMAT_ORGANISATION";

    /// <summary>An organisation id the policy's <c>organisations</c> list does not name.</summary>
    public const string OrganisationUnknown = "FORMAT_ORGANISATION_UNKNOWN";

    /// <summary>Not an E.164 telephone number.</summary>
    public const string Telephone = "FORMAT_TELEPHONE";

    /// <summary>Not an e-mail address.</summary>
    public const string Email = "FORMAT_EMAIL";

    /// <summary>Free text with control characters (other than tab and line ends) or a lone surrogate.</summary>
    public const string Text = "FORMAT_TEXT";

    /// <summary>More bad fields than the report lists; the rest are not named.</summary>
    public const string MoreProblems = "FORMAT_MORE_PROBLEMS";
}
