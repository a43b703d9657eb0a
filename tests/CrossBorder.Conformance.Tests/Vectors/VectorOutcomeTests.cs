using CrossBorder.Conformance.Vectors;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>
/// Every checked-in vector (docs/conformance/vectors) judged by the production code at the
/// vectors' validation time gets exactly its expected outcome: envelopes through Core's inbound
/// pipeline (answer kind, reason code, and the signed receipt verified as its sender would), trust
/// lists through Core's trust list manager then its peer certificate validator, fetched CRLs
/// through Core's CRL store then the validator.
/// </summary>
public sealed class VectorOutcomeTests
{
    public static TheoryData<int> Envelopes => VectorSet.Ids("SealedEnvelope");

    public static TheoryData<int> TrustLists => VectorSet.Ids("TrustList");

    public static TheoryData<int> Crls => VectorSet.Ids("Crl");

    private static VectorSet Set => VectorSet.CheckedIn.Value;

    [Theory]
    [MemberData(nameof(Envelopes))]
    public async Task An_envelope_vector_gets_its_expected_answer_from_the_inbound_pipeline(int tcId)
    {
        var (group, test) = Set.Find(tcId);
        using var receiver = new VectorReceiver(Set, group);
        var encoded = Set.Bytes(test.Files["envelope"]);
        var peer = ParticipantId.Parse(test.Peer!);

        var answer = await receiver.DeliverAsync(peer, encoded);

        var (answeredAs, reason) = answer switch
        {
            InboundAnswer.Refused refused => ("status", refused.Refusal.Reason),
            InboundAnswer.Receipted { Kind: InboundAnswerKind.Accepted } => ("receipt", ReasonCode.Unspecified),
            InboundAnswer.Receipted { Kind: InboundAnswerKind.Rejected } rejected => ("receipt", rejected.Rejection!.Reason),
            _ => ("other: " + answer.GetType().Name, ReasonCode.Unspecified),
        };
        Matches(test, reason, $"answered as {answeredAs}");
        Assert.True(test.AnsweredAs == answeredAs, $"tcId {tcId} ({test.Comment}): expected an answer as {test.AnsweredAs}, saw {answeredAs}");
        if (answer is InboundAnswer.Receipted receipted)
        {
            var verified = receiver.VerifyReceipt(peer, receipted.SignedReceipt, SealedEnvelope.Parser.ParseFrom(encoded));
            Assert.True(verified.IsAccepted, $"tcId {tcId}: the receipt does not verify: {verified.Refusal?.Detail}");
            Assert.Equal(reason == ReasonCode.Unspecified ? ReceiptOutcome.Accepted : ReceiptOutcome.Rejected, verified.Value.Outcome);
            Assert.Equal(reason, verified.Value.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(TrustLists))]
    public void A_trust_list_vector_gets_its_expected_outcome_from_the_trust_list_manager_and_validator(int tcId)
    {
        var (group, test) = Set.Find(tcId);
        var time = new FixedTime(Set.ValidationTime);
        var manager = VectorReceiver.Manager(Set, time, group.CurrentSequence);

        var (stage, reason) = Offer(manager, Set.Bytes(test.Files["trustList"]));
        var listAccepted = reason == ReasonCode.Unspecified;
        if (listAccepted && test.Files.TryGetValue("certificate", out var leaf))
        {
            var validated = new PeerCertificateValidator(() => manager.Current!, time).Validate(Set.Certificate(leaf), null, Enum.Parse<CertificatePurpose>(test.Purpose!));
            (stage, reason) = ("certificate", validated.Reason);
        }

        Matches(test, reason, $"at stage {stage}");
        if (test.Stage is not null)
        {
            Assert.True(test.Stage == stage, $"tcId {tcId} ({test.Comment}): expected the refusal at {test.Stage}, saw it at {stage}");
        }

        // A refused list leaves nothing in force (WS-3-3); an accepted one is in force.
        Assert.Equal(listAccepted, manager.Current is not null);
    }

    [Theory]
    [MemberData(nameof(Crls))]
    public void A_crl_vector_is_admitted_or_ignored_as_expected_and_the_newest_crl_decides(int tcId)
    {
        var (_, test) = Set.Find(tcId);
        var time = new FixedTime(Set.ValidationTime);
        var manager = VectorReceiver.Manager(Set, time, null);
        manager.Offer(Set.Bytes(test.Files["trustList"]));
        var store = new CrlStore(() => manager.Current, time, TimeSpan.FromSeconds(Set.Index.ReceiverSettings.ClockSkewSeconds));

        var admitted = test.Files.Keys.Where(k => k.StartsWith("crl", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => store.Offer(test.Country!, Set.Bytes(test.Files[k])) is null).ToList();
        var validated = new PeerCertificateValidator(() => manager.Current!, time, RevocationPolicy.HardFail, store)
            .Validate(Set.Certificate(test.Files["certificate"]), null, Enum.Parse<CertificatePurpose>(test.Purpose!));

        Assert.True(test.Admitted!.SequenceEqual(admitted), $"tcId {tcId} ({test.Comment}): expected admitted [{string.Join(", ", test.Admitted!)}], saw [{string.Join(", ", admitted)}]");
        Matches(test, validated.Reason, validated.Detail);
    }

    private static (string Stage, ReasonCode Reason) Offer(TrustListManager manager, byte[] list)
    {
        try
        {
            manager.Offer(list);
            return ("trustList", ReasonCode.Unspecified);
        }
        catch (RejectedException ex)
        {
            return ("trustList", ex.Reason);
        }
    }

    private static void Matches(VectorTest test, ReasonCode reason, string saw)
    {
        var (result, name) = VectorBook.Outcome(reason);
        Assert.True(test.Result == result && test.Reason == name,
            $"tcId {test.TcId} ({test.Comment}): expected {test.Result} {test.Reason}, saw {result} {name} ({saw})");
    }
}
