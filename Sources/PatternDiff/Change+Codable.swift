import LogMining

/// A change in JSON is one flat object, as `docs/diff-schema.md` has always described it: the
/// payload's fields sit beside the evidence's, and absent ones are left out.
extension Change: Codable {
    enum CodingKeys: String, CodingKey {
        case id, kind, template, severity, countA, countB, rateA, rateB, ratio, pValue, qValue, levelsA, levelsB, firstSeenB
        case classification, link, suspects, rewordedWith, detail, values, templates, samples, seriesA, seriesB
        case acknowledged, acknowledgement, component, recurrence, frame
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let evidence = ChangeEvidence(
            template: try c.decode(TemplateRef.self, forKey: .template), countA: try c.decode(Int.self, forKey: .countA),
            countB: try c.decode(Int.self, forKey: .countB), rateA: try c.decode(Double.self, forKey: .rateA),
            rateB: try c.decode(Double.self, forKey: .rateB), ratio: try c.decodeIfPresent(Double.self, forKey: .ratio),
            pValue: try c.decode(Double.self, forKey: .pValue), qValue: try c.decode(Double.self, forKey: .qValue),
            levelsA: try c.decode([LogLevel: Int].self, forKey: .levelsA), levelsB: try c.decode([LogLevel: Int].self, forKey: .levelsB),
            firstSeenB: try c.decodeIfPresent(Int64.self, forKey: .firstSeenB), samples: try c.decode([String].self, forKey: .samples),
            seriesA: try c.decode([Int].self, forKey: .seriesA), seriesB: try c.decode([Int].self, forKey: .seriesB),
            component: try c.decodeIfPresent(String.self, forKey: .component), templates: try c.decodeIfPresent([Int].self, forKey: .templates))
        let values = { try c.decode([ValueCount].self, forKey: .values) }
        let payload: ChangePayload =
            switch try c.decode(ChangeKind.self, forKey: .kind) {
            case .new: .new(rewordedWith: try c.decodeIfPresent(String.self, forKey: .rewordedWith))
            case .vanished: .vanished(rewordedWith: try c.decodeIfPresent(String.self, forKey: .rewordedWith))
            case .rareAbsent: .rareAbsent(rewordedWith: try c.decodeIfPresent(String.self, forKey: .rewordedWith))
            case .rateIncrease: .rateIncrease
            case .rateDecrease: .rateDecrease(silentDrop: SilentDegradation.isSilentDrop(try c.decodeIfPresent(String.self, forKey: .detail)))
            case .levelChange:
                .levelChange(from: DiffEngine.dominant(evidence.levelsA) ?? .unknown, to: DiffEngine.dominant(evidence.levelsB) ?? .unknown)
            case .valueShift: .valueShift(values: try values())
            case .exceptionChange: .exceptionChange(values: try values())
            case .recurrence: .recurrence(try c.decode(Recurrence.self, forKey: .recurrence))
            }
        self.init(
            payload, evidence, detail: try c.decodeIfPresent(String.self, forKey: .detail),
            classification: try c.decodeIfPresent(Classification.self, forKey: .classification), link: try c.decodeIfPresent(CodeLink.self, forKey: .link),
            suspects: try c.decodeIfPresent([Suspect].self, forKey: .suspects), acknowledgement: try c.decodeIfPresent(String.self, forKey: .acknowledgement))
        frame = try c.decodeIfPresent(CodeFrame.self, forKey: .frame)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try encodeEvidence(&c)
        try c.encodeIfPresent(classification, forKey: .classification)
        try c.encodeIfPresent(link, forKey: .link)
        try c.encodeIfPresent(suspects, forKey: .suspects)
        try c.encodeIfPresent(frame, forKey: .frame)
        try c.encodeIfPresent(rewordedWith, forKey: .rewordedWith)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(values, forKey: .values)
        try c.encode(acknowledged, forKey: .acknowledged)
        try c.encodeIfPresent(acknowledgement, forKey: .acknowledgement)
        try c.encodeIfPresent(recurrence, forKey: .recurrence)
    }

    private func encodeEvidence(_ c: inout KeyedEncodingContainer<CodingKeys>) throws {
        let e = evidence
        try c.encode(e.template, forKey: .template)
        try c.encode(e.countA, forKey: .countA)
        try c.encode(e.countB, forKey: .countB)
        try c.encode(e.rateA, forKey: .rateA)
        try c.encode(e.rateB, forKey: .rateB)
        try c.encodeIfPresent(e.ratio, forKey: .ratio)
        try c.encode(e.pValue, forKey: .pValue)
        try c.encode(e.qValue, forKey: .qValue)
        try c.encode(e.levelsA, forKey: .levelsA)
        try c.encode(e.levelsB, forKey: .levelsB)
        try c.encodeIfPresent(e.firstSeenB, forKey: .firstSeenB)
        try c.encode(e.samples, forKey: .samples)
        try c.encode(e.seriesA, forKey: .seriesA)
        try c.encode(e.seriesB, forKey: .seriesB)
        try c.encodeIfPresent(e.component, forKey: .component)
        try c.encodeIfPresent(e.templates, forKey: .templates)
    }
}
