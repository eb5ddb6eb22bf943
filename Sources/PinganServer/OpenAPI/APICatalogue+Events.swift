import PinganKernel

/// Grid events, mediation and Open311 in the OpenAPI document.
extension APICatalogue {
    static let problem = APIOperation.ref("Problem")
    static let object: JSONValue = ["type": "object"]
    static let eventFilters: [APIOperation.Parameter] = [
        .q("stage", "string", "环节 received|registered|dispatched|handling|verifying|closed|standing|cancelled"),
        .q("grid", "string", "网格编码（含下级）"), .q("department", "string", "承办部门代码"), .q("category", "string", "事件类别代码"),
        .q("severity", "string", "normal|urgent"), .q("channel", "string", "grid|hotline|public|system"),
        .q("overdue", "boolean", "只看超期"), .q("mine", "boolean", "我的任务（部门：本部门待办；网格员：我上报的与待核查的）"),
        .q("q", "string", "编号、描述或地址包含"), .q("from", "string", "上报日期起 YYYY-MM-DD"), .q("to", "string", "上报日期止（含）"),
        .q("kpi", "string", "reported|closed|closedOnTime|reworked|extended：列出该指标背后的事件"),
    ]

    static let events: [APIOperation] = [
        .init(method: "GET", path: "/api/v1/events/categories", summary: "事件类别（默认承办部门、处置时限，工作分钟）", tag: "网格事件", access: .session,
              responses: [200: ("类别列表", object)]),
        .init(method: "PUT", path: "/api/v1/events/categories/{code}", summary: "修改事件类别：承办部门、是否对外公开（Open311）、时限（区级综治中心）",
              tag: "网格事件", access: .session, parameters: [.p("code", "类别代码")],
              requestBody: ["type": "object", "properties": ["departmentCode": ["type": "string"], "public": ["type": "boolean"],
                                                            "normalLimitMinutes": ["type": "integer"], "urgentLimitMinutes": ["type": "integer"]]],
              responses: [200: ("类别", object), 400: ("字段无效（治安、矛盾纠纷类不能公开）", problem), 403: ("无权修改", problem), 404: ("无此类别", problem)]),
        .init(method: "GET", path: "/api/v1/events/rules", summary: "事件规则：疑似重复的半径与时间窗、临期预警比例", tag: "网格事件", access: .session,
              responses: [200: ("规则", object)]),
        .init(method: "PUT", path: "/api/v1/events/rules", summary: "修改事件规则（区级综治中心）", tag: "网格事件", access: .session,
              requestBody: ["type": "object", "required": ["duplicateRadiusMeters", "duplicateWindowHours", "warnFraction"]],
              responses: [200: ("规则", object), 400: ("取值超出范围", problem), 403: ("无权修改", problem)]),
        .init(method: "GET", path: "/api/v1/departments", summary: "承办部门", tag: "网格事件", access: .session, responses: [200: ("部门列表", object)]),
        .init(method: "GET", path: "/api/v1/events/calendar", summary: "工作日历（作息时段、节假日与调休上班日）", tag: "网格事件", access: .session,
              parameters: [.q("year", "integer", "年份，缺省为今年")], responses: [200: ("日历", object)]),
        .init(method: "PUT", path: "/api/v1/events/calendar", summary: "上传某年的节假日与调休上班日（区级综治中心）", tag: "网格事件", access: .session,
              requestBody: ["type": "object", "required": ["year", "holidays", "workdays"], "properties": [
                  "year": ["type": "integer"], "holidays": ["type": "array", "items": ["type": "string"]],
                  "workdays": ["type": "array", "items": ["type": "string"]]]],
              responses: [204: ("已更新", nil), 400: ("日期无效", problem), 403: ("无权维护", problem)]),
        .init(method: "POST", path: "/api/v1/events", summary: "上报网格事件（定位到单元网格；照片 base64，按内容校验；支持 Idempotency-Key）", tag: "网格事件",
              access: .session,
              requestBody: ["type": "object", "required": ["category", "description", "lat", "lng"], "properties": [
                  "category": ["type": "string"], "severity": ["type": "string", "enum": ["normal", "urgent"]], "description": ["type": "string"],
                  "lat": ["type": "number"], "lng": ["type": "number"], "crs": ["type": "string", "enum": ["wgs84", "gcj02", "bd09"]],
                  "address": ["type": "string"], "channel": ["type": "string", "enum": ["grid", "hotline"]], "reporterName": ["type": "string"],
                  "reporterPhone": ["type": "string"],
                  "photos": ["type": "array", "maxItems": 6, "items": ["type": "object", "properties": ["name": ["type": "string"], "data": ["type": "string", "contentEncoding": "base64"]]]]]],
              responses: [201: ("已上报：事件及可能重复的事件 possibleDuplicates", object), 200: ("同一 Idempotency-Key 的重试：返回首次上报的事件", object),
                          400: ("字段无效（位置不在辖区、照片不是 JPEG/PNG/WebP 等），不保存任何内容", problem), 403: ("无权上报", problem)]),
        .init(method: "GET", path: "/api/v1/events", summary: "事件列表 / 受理台（按环节计数；kpi= 列出指标背后的事件）", tag: "网格事件", access: .session,
              parameters: eventFilters + [.q("limit", "integer", "条数 1–500"), .q("offset", "integer", "偏移")],
              responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("{total, stageCounts, items}", object)]),
        .init(method: "GET", path: "/api/v1/events/duplicates", summary: "附近同类未结事件（疑似重复）", tag: "网格事件", access: .session,
              parameters: [.q("lat", "number", "纬度", required: true), .q("lng", "number", "经度", required: true), .q("category", "string", "类别", required: true)],
              responses: [200: ("疑似重复事件", object)]),
        .init(method: "GET", path: "/api/v1/events/boards/daily-zero", summary: "日清零：今日到期未结事件", tag: "网格事件", access: .session,
              parameters: [.q("grid", "string", "网格编码")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("看板", object)]),
        .init(method: "GET", path: "/api/v1/events/boards/supervision", summary: "督办：超期、临期、升级、挂账", tag: "网格事件", access: .session,
              parameters: [.q("grid", "string", "网格编码")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("看板", object)]),
        .init(method: "GET", path: "/api/v1/events/kpis", summary: "考核指标：上报、结案、结案率、按期结案率、返工率、延期率、平均处置时长", tag: "网格事件",
              access: .session, parameters: eventFilters,
              responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("{reported, closed, closureRate, onTimeClosureRate, reworkRate, extensionRate, …}", object)]),
        .init(method: "GET", path: "/api/v1/events/kpis/breakdown", summary: "考核指标分解（下级网格、部门、类别、月份）", tag: "网格事件", access: .session,
              parameters: eventFilters + [.q("by", "string", "grid|department|category|month")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("{by, items}", object)]),
        .init(method: "GET", path: "/api/v1/events/stream", summary: "实时推送（Server-Sent Events：created、escalated、stage）", tag: "网格事件", access: .session,
              parameters: [.q("access_token", "string", "EventSource 无法设置请求头时使用")],
              responses: [200: ("text/event-stream", nil)]),
        .init(method: "GET", path: "/api/v1/events/{id}", summary: "事件详情：环节、时限、照片、完整流转记录、当前用户可执行的操作", tag: "网格事件",
              access: .session, parameters: [.p("id", "事件编号")],
              responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("事件", object), 404: ("不存在或不在管辖范围", problem)]),
        .init(method: "POST", path: "/api/v1/events/{id}/actions", summary: "执行流转环节（register、dispatch、sendBack、accept、requestExtension、approveExtension、rejectExtension、feedback、verify、rework、close、stand、resume、cancel、merge）",
              tag: "网格事件", access: .session, parameters: [.p("id", "事件编号")],
              requestBody: ["type": "object", "required": ["action"], "properties": [
                  "action": ["type": "string"], "note": ["type": "string"], "reason": ["type": "string"], "department": ["type": "string"],
                  "minutes": ["type": "integer"], "into": ["type": "string"], "photos": ["type": "array"]]],
              responses: [200: ("更新后的事件", object), 403: ("角色无权执行该环节", problem), 404: ("不存在或不在管辖范围", problem),
                          409: ("当前环节或承办部门不允许该操作", problem)]),
        .init(method: "GET", path: "/api/v1/events/{id}/photos/{photo}", summary: "事件照片（按存储时的 SHA-256 校验）", tag: "网格事件", access: .session,
              parameters: [.p("id", "事件编号"), .p("photo", "照片编号")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("图片", nil), 404: ("不存在", problem)]),
    ]

    static let mediationFilters: [APIOperation.Parameter] = [
        .q("grid", "string", "网格编码"), .q("status", "string", "accepted|mediating|agreed|failed|fulfilled"),
        .q("kind", "string", "neighbour|land|family|property|labour|damages|other"), .q("from", "string", "受理日期起"), .q("to", "string", "受理日期止（含）"),
    ]

    static let mediation: [APIOperation] = [
        .init(method: "GET", path: "/api/v1/mediation/cases", summary: "人民调解案件列表", tag: "人民调解", access: .session,
              parameters: mediationFilters + [.q("limit", "integer", "条数"), .q("offset", "integer", "偏移")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("{total, items}", object)]),
        .init(method: "POST", path: "/api/v1/mediation/cases", summary: "受理调解案件（可关联网格事件；支持 Idempotency-Key）", tag: "人民调解", access: .session,
              requestBody: ["type": "object", "required": ["title", "kind", "committee", "parties"], "properties": [
                  "title": ["type": "string"], "kind": ["type": "string"], "summary": ["type": "string"], "grid": ["type": "string"],
                  "lat": ["type": "number"], "lng": ["type": "number"], "eventId": ["type": "string"], "committee": ["type": "string"],
                  "mediators": ["type": "array"], "parties": ["type": "array"]]],
              responses: [201: ("案件", object), 400: ("字段无效", problem), 403: ("无权办理", problem)]),
        .init(method: "GET", path: "/api/v1/mediation/cases/{id}", summary: "调解案件详情（当事人电话脱敏；打开即审计）", tag: "人民调解", access: .session,
              parameters: [.p("id", "案件编号")], responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("案件", object), 404: ("不存在或不在管辖范围", problem)]),
        .init(method: "POST", path: "/api/v1/mediation/cases/{id}/sessions", summary: "登记调解记录", tag: "人民调解", access: .session,
              parameters: [.p("id", "案件编号")], requestBody: ["type": "object", "required": ["notes"]],
              responses: [200: ("案件", object), 404: ("不存在", problem), 409: ("案件已结束", problem)]),
        .init(method: "POST", path: "/api/v1/mediation/cases/{id}/outcome", summary: "登记调解结果（协议内容、金额、履行期限）", tag: "人民调解", access: .session,
              parameters: [.p("id", "案件编号")], requestBody: ["type": "object", "required": ["agreed"]],
              responses: [200: ("案件", object), 404: ("不存在", problem), 409: ("已登记结果", problem)]),
        .init(method: "POST", path: "/api/v1/mediation/cases/{id}/fulfilment", summary: "登记协议履行情况", tag: "人民调解", access: .session,
              parameters: [.p("id", "案件编号")], requestBody: ["type": "object", "required": ["status"]],
              responses: [200: ("案件", object), 404: ("不存在", problem), 409: ("未达成协议", problem)]),
        .init(method: "GET", path: "/api/v1/mediation/kpis", summary: "调解指标：案件数、成功率、履行率，按纠纷类型", tag: "人民调解", access: .session,
              parameters: mediationFilters, responses: [403: ("当前角色无权访问", APIOperation.ref("Problem")), 200: ("指标", object)]),
    ]

    static let open311: [APIOperation] = [
        .init(method: "GET", path: "/open311/v2/{file}", summary: "Open311 GeoReport v2：discovery、services、requests（.xml 或 .json；requests 支持 grid 扩展参数）",
              tag: "Open311", access: .open,
              parameters: [.p("file", "discovery.json、services.xml、requests.json …"), .q("service_code", "string", "服务代码"),
                           .q("start_date", "string", "ISO 8601"), .q("end_date", "string", "ISO 8601"), .q("status", "string", "open|closed"),
                           .q("service_request_id", "string", "逗号分隔"), .q("page", "integer", "页码"), .q("page_size", "integer", "每页 ≤ 1000"),
                           .q("grid", "string", "扩展：网格编码（含下级）")],
              responses: [200: ("GeoReport v2 文档", nil), 400: ("错误数组 [{code, description}]", nil), 404: ("错误数组", nil)]),
        .init(method: "GET", path: "/open311/v2/services/{file}", summary: "Open311 服务定义（属性）", tag: "Open311", access: .open,
              parameters: [.p("file", "服务代码.json 或 .xml")], responses: [200: ("service_definition", nil), 404: ("错误数组", nil)]),
        .init(method: "GET", path: "/open311/v2/requests/{file}", summary: "Open311 单个诉求", tag: "Open311", access: .open,
              parameters: [.p("file", "编号.json 或 .xml")], responses: [200: ("service_requests", nil), 404: ("错误数组", nil)]),
        .init(method: "GET", path: "/open311/v2/tokens/{file}", summary: "Open311 令牌查询", tag: "Open311", access: .open,
              parameters: [.p("file", "令牌.json 或 .xml")], responses: [200: ("token", nil), 404: ("错误数组", nil)]),
        .init(method: "POST", path: "/open311/v2/{file}", summary: "Open311 提交诉求（requests.json / requests.xml，表单编码，需 api_key）", tag: "Open311",
              access: .open, parameters: [.p("file", "requests.json 或 requests.xml")],
              requestBody: ["type": "object", "description": "application/x-www-form-urlencoded：api_key、service_code、lat、long、description、attribute[CODE] …"],
              requestContentType: "application/x-www-form-urlencoded",
              responses: [201: ("[{service_request_id, service_notice}]", nil), 400: ("错误数组", nil), 403: ("api_key 无效", nil)]),
    ]
}
