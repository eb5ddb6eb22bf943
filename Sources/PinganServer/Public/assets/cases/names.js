// Chinese names and small formatters of 网格事件与调解 (names as in the API contract).

/** The workflow's main line, in order (shown as the step bar). */
export const FLOW = ['received', 'registered', 'dispatched', 'handling', 'verifying', 'closed'];
export const STAGE_NAMES = {
  received: '受理', registered: '立案', dispatched: '派遣', handling: '处置', verifying: '核查',
  closed: '结案', standing: '挂账', cancelled: '作废',
};
/** Stage tabs of the centre inbox, in display order. */
export const STAGE_TABS = ['received', 'registered', 'dispatched', 'handling', 'verifying', 'standing', 'closed', 'cancelled'];
/** A department officer's tabs: what waits for them first. */
export const DEPT_TABS = [['dispatched', '待接收'], ['handling', '处置中'], ['verifying', '待核查'], ['closed', '已结案']];

export const SEVERITY_NAMES = { normal: '一般', urgent: '紧急' };
export const CHANNEL_NAMES = { grid: '网格员上报', hotline: '热线受理', public: '群众上报', system: '系统发现' };
/** Escalation: level 1 = the town centre supervises, 2 = the district centre. */
export const ESCALATION_NAMES = ['村（社区）', '镇（街道）', '区'];

/** Button labels of the user actions (the server gives actionName in history). */
export const ACTION_LABELS = {
  register: '立案', dispatch: '派遣', sendBack: '退回', accept: '接收', requestExtension: '申请延期',
  approveExtension: '同意延期', rejectExtension: '驳回延期', feedback: '反馈', verify: '核查通过', rework: '返工',
  close: '结案', stand: '挂账', resume: '恢复处置', cancel: '作废', merge: '合并重复',
};

/** KPI figures: key, label, kind ('count' links to kpi=key; 'rate' links to its numerator's list). */
export const KPI_FIGURES = [
  ['reported', '上报', 'count', 'reported'],
  ['closed', '结案', 'count', 'closed'],
  ['closureRate', '结案率', 'rate', 'closed'],
  ['closedOnTime', '按期结案', 'count', 'closedOnTime'],
  ['onTimeClosureRate', '按期结案率', 'rate', 'closedOnTime'],
  ['reworked', '返工', 'count', 'reworked'],
  ['reworkRate', '返工率', 'rate', 'reworked'],
  ['extended', '延期', 'count', 'extended'],
  ['extensionRate', '延期率', 'rate', 'extended'],
  ['averageHandlingHours', '平均处置时长', 'hours', 'closed'],
];
export const KPI_LIST_NAMES = { reported: '上报事件', closed: '已结案事件', closedOnTime: '按期结案事件', reworked: '返工事件', extended: '延期事件' };

export const MEDIATION_KINDS = { neighbour: '邻里', land: '土地', family: '婚姻家庭', property: '物业', labour: '劳动', damages: '损害赔偿', other: '其他' };
export const MEDIATOR_KINDS = {
  cadre: '村干部', retiredCadre: '老干部', retiredTeacher: '老教师', veteran: '老兵', partyMember: '老党员', deputy: '人大代表', lawyer: '律师',
};
export const MEDIATION_STATUS = { accepted: '受理', mediating: '调解中', agreed: '达成协议', failed: '调解不成', fulfilled: '已履行' };
export const PARTY_ROLES = { applicant: '申请人', respondent: '被申请人' };
export const FULFILMENT_NAMES = { pending: '待履行', fulfilled: '已履行', breached: '未履行' };

const ZONE = 'Asia/Shanghai';
/** Today's date in the county's zone (YYYY-MM-DD), whatever the browser's own zone is. */
export function today(date = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** 0.7969 → "79.7%"; null (no denominator) → "—". */
export function pct(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Minutes as Chinese text: 90 → "1小时30分", 3000 → "2天2小时". */
export function duration(minutes) {
  const m = Math.max(0, Math.round(minutes));
  const d = Math.floor(m / 1440);
  const hh = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  if (d) return `${d}天${hh ? `${hh}小时` : ''}`;
  if (hh) return `${hh}小时${mm ? `${mm}分` : ''}`;
  return `${mm}分钟`;
}

/** Working minutes as working days (420 a day): 840 → "2 个工作日", 210 → "3.5 小时". */
export function workingDuration(minutes) {
  if (minutes >= 420 && minutes % 210 === 0) return `${minutes / 420} 个工作日`;
  if (minutes >= 60) return `${+(minutes / 60).toFixed(1)} 个工作小时`;
  return `${minutes} 个工作分钟`;
}

/** Time left until a deadline, or how long it is overdue: {text, overdue}. */
export function countdown(deadlineIso, now = Date.now()) {
  if (!deadlineIso) return null;
  const left = (Date.parse(deadlineIso) - now) / 60000;
  return left >= 0 ? { text: `剩余 ${duration(left)}`, overdue: false } : { text: `已超时 ${duration(-left)}`, overdue: true };
}
