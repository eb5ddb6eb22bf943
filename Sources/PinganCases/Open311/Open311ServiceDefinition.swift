/// The kind of input an attribute asks for (GeoReport v2 `datatype`).
public enum Open311Datatype: String, Sendable, CaseIterable {
    /// One line of text.
    case string
    case number
    /// An ISO 8601 date and time.
    case datetime
    /// Text that may contain line breaks.
    case text
    /// Exactly one of `values`.
    case singlevaluelist
    /// Any number of `values`.
    case multivaluelist

    /// True for the two list kinds, whose answers must be keys of `values`.
    public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
}

/// One option of a list attribute: `key` is what the client sends back, `name` what it shows.
public struct Open311AttributeValue: Sendable, Equatable {
    public var key: String
    public var name: String

    /// An option.
    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }
}

/// One extra form field of a service (`<attribute>` in `services/{code}`).
public struct Open311Attribute: Sendable, Equatable {
    /// False when the attribute only shows information and takes no input.
    public var variable: Bool
    public var code: String
    public var datatype: Open311Datatype
    public var required: Bool
    public var datatypeDescription: String?
    /// Display position; 1 comes first.
    public var order: Int
    public var description: String
    /// The options of a list attribute; empty otherwise.
    public var values: [Open311AttributeValue]

    /// An attribute definition.
    public init(variable: Bool = true, code: String, datatype: Open311Datatype, required: Bool,
                datatypeDescription: String? = nil, order: Int, description: String,
                values: [Open311AttributeValue] = []) {
        self.variable = variable
        self.code = code
        self.datatype = datatype
        self.required = required
        self.datatypeDescription = datatypeDescription
        self.order = order
        self.description = description
        self.values = values
    }

    var node: Open311Node {
        .record([
            ("variable", .bool(variable)),
            ("code", .text(code)),
            ("datatype", .text(datatype.rawValue)),
            ("required", .bool(required)),
            ("datatype_description", .optionalText(datatypeDescription)),
            ("order", .integer(order)),
            ("description", .text(description)),
            ("values", .list(item: "value", values.map {
                .record([("key", .text($0.key)), ("name", .text($0.name))])
            })),
        ])
    }
}

/// `GET services/{code}`: the attributes a service asks for.
public struct Open311ServiceDefinition: Sendable, Equatable {
    public var serviceCode: String
    public var attributes: [Open311Attribute]

    /// A definition; attributes are written sorted by `order`, as clients present them.
    public init(serviceCode: String, attributes: [Open311Attribute]) {
        self.serviceCode = serviceCode
        self.attributes = attributes
    }

    /// Attributes by `order`, ties kept in the given order.
    private var byOrder: [Open311Attribute] {
        attributes.enumerated()
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element)
    }

    var node: Open311Node {
        .record([
            ("service_code", .text(serviceCode)),
            ("attributes", .list(item: "attribute", byOrder.map(\.node))),
        ])
    }
}
