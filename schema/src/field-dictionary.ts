/**
 * The field dictionary ("information synonyms"): each canonical field of the unified data model with its
 * type, unit, English and Chinese label, and the names source systems use for it. Adapters map incoming
 * records through it; people read its labels in histories and reports.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'gtin';

export interface FieldDefinition {
  name: string;
  type: FieldType;
  unit?: string;
  label: { en: string; zh: string };
  /** What the field holds, for integrators (Query.fieldDictionary). */
  description?: string;
  /** Names used for this field by ERP, MES, LIMS and supplier systems (matched case-insensitively). */
  synonyms: string[];
}

export const FIELD_DICTIONARY: readonly FieldDefinition[] = [
  { name: 'lotNumber', type: 'string', description: 'The lot (batch) number: the key every record of a lot is found by; GS1 AI (10).', label: { en: 'Lot number', zh: '批号' }, synonyms: ['LOT_NO', 'LotNo', 'BatchNo', 'Batch', 'Charge', 'MaterialLotID', 'lot', '批号', '批次号', 'AI10'] },
  { name: 'materialCode', type: 'string', description: 'The material (part number) of a lot, as the ERP material master names it.', label: { en: 'Material code', zh: '物料编码' }, synonyms: ['MATNR', 'ItemCode', 'PartNo', 'MaterialDefinitionID', 'material', '物料编码', '料号'] },
  { name: 'gtin', type: 'gtin', description: 'Global Trade Item Number of the product (UDI-DI for a medical device); GS1 AI (01), 14 digits.', label: { en: 'GTIN (UDI-DI)', zh: '全球贸易项目代码 (UDI-DI)' }, synonyms: ['GTIN', 'UDI_DI', 'AI01', 'EAN', '产品标识'] },
  { name: 'serialNumber', type: 'string', description: 'The serial number of one unit of a lot; GS1 AI (21).', label: { en: 'Serial number', zh: '序列号' }, synonyms: ['SERIAL_NO', 'SerNr', 'AI21', '序列号'] },
  { name: 'quantity', type: 'number', description: 'An amount of a lot, in its unit of measure.', label: { en: 'Quantity', zh: '数量' }, synonyms: ['QTY', 'Quantity', 'Menge', 'QuantityString', '数量'] },
  { name: 'uom', type: 'string', description: 'The unit of measure a quantity or a measured value is given in (kg, pcs, MPa, g/10 min).', label: { en: 'Unit of measure', zh: '计量单位' }, synonyms: ['UOM', 'UnitOfMeasure', 'Meins', 'unit', '单位'] },
  { name: 'manufacturedOn', type: 'date', description: 'The day a lot was made; GS1 AI (11).', label: { en: 'Production date', zh: '生产日期' }, synonyms: ['MFG_DATE', 'ProductionDate', 'AI11', 'HSDAT', '生产日期'] },
  { name: 'expiresOn', type: 'date', description: 'The last day a lot may be used; GS1 AI (17).', label: { en: 'Expiry date', zh: '失效日期' }, synonyms: ['EXP_DATE', 'ExpirationDate', 'AI17', 'VFDAT', '有效期至', '失效日期'] },
  { name: 'supplierLotNumber', type: 'string', description: "The supplier's own number for a lot we received.", label: { en: 'Supplier lot number', zh: '供应商批号' }, synonyms: ['VENDOR_LOT', 'LICHA', 'SupplierBatch', '供应商批号'] },
  { name: 'equipmentCode', type: 'string', description: 'The machine, line or instrument (ISA-95 equipment) a reading or an operation belongs to.', label: { en: 'Equipment', zh: '设备编号' }, synonyms: ['EQUIP_ID', 'EquipmentID', 'MachineNo', 'equipment', '设备编号', '机台号'] },
  { name: 'parameter', type: 'string', description: 'A process parameter a machine measures (barrel temperature, hold pressure).', label: { en: 'Process parameter', zh: '工艺参数' }, synonyms: ['PARAM', 'Tag', 'ParameterID', '参数'] },
  { name: 'value', type: 'number', description: 'A measured value: a number in its unit; a LIMS result column may hold the verdict word instead.', label: { en: 'Measured value', zh: '测量值' }, synonyms: ['VALUE', 'Reading', 'measuredValue', '测量值', '结果'] },
  { name: 'measuredAt', type: 'datetime', description: 'When a reading or measurement was taken.', label: { en: 'Time of measurement', zh: '测量时间' }, synonyms: ['TIMESTAMP', 'Time', 'eventTime', '时间', '采集时间'] },
  // Record fields the audit trail shows old and new values of (Lot.history and the like).
  { name: 'status', type: 'string', label: { en: 'Status', zh: '状态' }, synonyms: ['LotStatus', 'STATUS', '状态'] },
  { name: 'storageLocation', type: 'string', label: { en: 'Storage location', zh: '库位' }, synonyms: ['LGORT', 'StorageLocation', 'StorageLocationID', '库位', '储位'] },
  { name: 'supplierCode', type: 'string', label: { en: 'Supplier', zh: '供应商编码' }, synonyms: ['LIFNR', 'VendorCode', 'SupplierID', 'supplier', '供应商编码'] },
  { name: 'customerCode', type: 'string', label: { en: 'Customer', zh: '客户编码' }, synonyms: ['KUNNR', 'CustomerID', 'customer', '客户编码'] },
  { name: 'receiptNumber', type: 'string', label: { en: 'Goods receipt number', zh: '收货单号' }, synonyms: ['MBLNR', 'GoodsReceiptNo', 'GRNo', '收货单号'] },
  { name: 'transferNumber', type: 'string', label: { en: 'Transfer order number', zh: '移库单号' }, synonyms: ['TANUM', 'TransferOrderNo', '移库单号'] },
  { name: 'shipmentNumber', type: 'string', label: { en: 'Shipment number', zh: '发货单号' }, synonyms: ['VBELN', 'DeliveryNo', 'ShipmentID', 'shipment', '发货单号'] },
  { name: 'shippedAt', type: 'datetime', label: { en: 'Shipped at', zh: '发货时间' }, synonyms: ['ShipDate', 'WADAT_IST', '发货时间'] },
  { name: 'orderNumber', type: 'string', label: { en: 'Production order', zh: '生产订单号' }, synonyms: ['AUFNR', 'OrderNo', 'ProductionRequestID', 'WorkOrder', 'order', '生产订单号', '工单号'] },
  { name: 'plannedQuantity', type: 'number', label: { en: 'Planned quantity', zh: '计划数量' }, synonyms: ['GAMNG', 'PlannedQty', '计划数量'] },
  { name: 'operation', type: 'string', label: { en: 'Operation', zh: '工序' }, synonyms: ['VORNR', 'OperationID', '工序'] },
  { name: 'reportId', type: 'string', label: { en: 'Production report', zh: '报工单号' }, synonyms: ['ConfirmationNo', 'RUECK', 'report', '报工单号'] },
  { name: 'consumed', type: 'string', label: { en: 'Lots consumed', zh: '投入批次' }, synonyms: ['ConsumedMaterial', '投入批次'] },
  { name: 'produced', type: 'string', label: { en: 'Lots produced', zh: '产出批次' }, synonyms: ['ProducedMaterial', '产出批次'] },
  { name: 'exceptionNumber', type: 'string', label: { en: 'Quality exception', zh: '质量异常单号' }, synonyms: ['DeviationNo', 'NonconformanceNo', 'NCR', '异常单号'] },
  { name: 'recallNumber', type: 'string', label: { en: 'Recall number', zh: '召回编号' }, synonyms: ['RecallID', 'recall', '召回编号'] },
  { name: 'rootLotNumber', type: 'string', label: { en: 'Lot the recall starts from', zh: '召回源批号' }, synonyms: ['rootLot', '召回源批号'] },
  { name: 'attemptedUse', type: 'string', label: { en: 'Use attempted', zh: '试图进行的操作' }, synonyms: [] },
  { name: 'reference', type: 'string', label: { en: 'Reference document', zh: '参考单据' }, synonyms: ['RefDoc', 'ReferenceNo', '参考单据'] },
  { name: 'stage', type: 'string', description: 'Where in the flow of material an inspection is made: INCOMING, IN_PROCESS or FINAL.', label: { en: 'Inspection stage', zh: '检验阶段' }, synonyms: ['InspectionStage', 'InspLotOrigin', 'InspectionType', '检验阶段', '检验类型', '检验类别'] },
  { name: 'testName', type: 'string', description: 'The test or characteristic a result is for (melt flow rate, visual inspection).', label: { en: 'Test', zh: '检验项目' }, synonyms: ['Characteristic', 'MIC', 'Test', 'TestName', 'TestItem', 'InspectionItem', 'Analyte', '检验项目', '检测项目', '检验项'] },
  { name: 'sampleId', type: 'string', description: 'The sample a result was measured on (the LIMS sample number; the certificate number for a CoA value).', label: { en: 'Sample', zh: '样品编号' }, synonyms: ['SampleNo', 'SampleID', 'Sample', 'SampleNumber', '样品编号', '样品号', '样本编号'] },
  { name: 'required', type: 'boolean', label: { en: 'Required for release', zh: '放行必检' }, synonyms: ['RequiredForRelease', '放行必检'] },
  { name: 'result', type: 'string', description: 'The verdict of an inspection: PASS, FAIL or PENDING (合格, 不合格, OK, NG are read as such).', label: { en: 'Inspection result', zh: '检验结论' }, synonyms: ['Result', 'InspectionResult', 'Verdict', 'Conclusion', 'PassFail', '检验结论', '判定', '结论', '判定结果'] },
  { name: 'attributeValue', type: 'string', description: 'What was observed in an attribute (go/no-go, visual) inspection.', label: { en: 'Observed attribute', zh: '计数检验结果' }, synonyms: ['Observation', '观察结果'] },
  { name: 'specReference', type: 'string', description: 'The specification a result was judged against.', label: { en: 'Specification', zh: '规格依据' }, synonyms: ['SpecNo', 'Specification', '规格'] },
  { name: 'source', type: 'string', label: { en: 'Result source (own or supplier CoA)', zh: '结果来源（自检或供应商COA）' }, synonyms: ['ResultSource', '结果来源'] },
  { name: 'lowerLimit', type: 'number', description: 'The lowest value that conforms to the specification.', label: { en: 'Lower limit', zh: '下限' }, synonyms: ['LowerSpecLimit', 'MinValue', 'LSL', 'Min', '下限', '最小值'] },
  { name: 'upperLimit', type: 'number', description: 'The highest value that conforms to the specification.', label: { en: 'Upper limit', zh: '上限' }, synonyms: ['UpperSpecLimit', 'MaxValue', 'USL', 'Max', '上限', '最大值'] },
  { name: 'inspectedBy', type: 'string', description: 'Who made an inspection (a user id).', label: { en: 'Inspected by', zh: '检验员' }, synonyms: ['Inspector', 'Analyst', 'TestedBy', '检验员', '检验人'] },
  { name: 'sourceAttributes', type: 'string', label: { en: "Source's own fields", zh: '来源系统的其他字段' }, synonyms: [] },
  { name: 'inspectedAt', type: 'datetime', description: 'When an inspection was made.', label: { en: 'Inspected at', zh: '检验时间' }, synonyms: ['InspectionDate', 'TestDate', 'AnalysisDate', '检验时间', '检验日期', '检测日期'] },
  // Specifications, process rules and their violations (quality).
  { name: 'specNumber', type: 'string', label: { en: 'Specification number', zh: '规格编号' }, synonyms: ['SpecificationNo', '规格编号'] },
  { name: 'version', type: 'number', label: { en: 'Version', zh: '版本' }, synonyms: ['Revision', '版本'] },
  { name: 'effectiveFrom', type: 'datetime', label: { en: 'Effective from', zh: '生效时间' }, synonyms: ['ValidFrom', '生效时间'] },
  { name: 'parameters', type: 'string', label: { en: 'Parameter limits', zh: '参数限值' }, synonyms: [] },
  { name: 'approvedBy', type: 'string', label: { en: 'Approved by', zh: '批准人' }, synonyms: ['Approver', '批准人'] },
  { name: 'rule', type: 'string', label: { en: 'Rule', zh: '判定规则' }, synonyms: ['RuleCode', '规则'] },
  { name: 'kind', type: 'string', label: { en: 'Rule kind', zh: '规则类型' }, synonyms: [] },
  { name: 'settings', type: 'string', label: { en: 'Rule settings', zh: '规则参数' }, synonyms: [] },
  { name: 'evidence', type: 'string', label: { en: 'Evidence (readings)', zh: '证据（读数）' }, synonyms: [] },
  { name: 'detail', type: 'string', label: { en: 'Finding', zh: '判定说明' }, synonyms: [] },
  { name: 'lastAt', type: 'datetime', label: { en: 'Last evidence at', zh: '最后证据时间' }, synonyms: [] },
  { name: 'firstAt', type: 'datetime', label: { en: 'First seen at', zh: '首次出现时间' }, synonyms: [] },
  { name: 'addedEvidence', type: 'string', label: { en: 'Evidence added', zh: '新增证据' }, synonyms: [] },
  { name: 'evidenceCount', type: 'number', label: { en: 'Evidence count', zh: '证据数量' }, synonyms: [] },
  { name: 'readings', type: 'string', label: { en: 'Readings recorded', zh: '记录的读数' }, synonyms: [] },
  { name: 'readingCount', type: 'number', label: { en: 'Number of readings', zh: '读数数量' }, synonyms: [] },
  // Quality exceptions reported by hand, and their containment.
  { name: 'title', type: 'string', label: { en: 'Title', zh: '标题' }, synonyms: [] },
  { name: 'description', type: 'string', label: { en: 'Description', zh: '描述' }, synonyms: [] },
  { name: 'severity', type: 'string', label: { en: 'Severity', zh: '严重程度' }, synonyms: [] },
  { name: 'dueAt', type: 'datetime', label: { en: 'Due by', zh: '处理期限' }, synonyms: [] },
  { name: 'affectedLots', type: 'string', label: { en: 'Affected lots', zh: '受影响批次' }, synonyms: [] },
  { name: 'workflowTemplate', type: 'string', label: { en: 'Workflow template', zh: '流程模板' }, synonyms: [] },
  { name: 'idempotencyKey', type: 'string', label: { en: 'Idempotency key (sent again, the same report)', zh: '幂等键（重发即同一报告）' }, synonyms: [] },
  { name: 'name', type: 'string', label: { en: 'Name', zh: '名称' }, synonyms: [] },
  { name: 'materialCodes', type: 'string', label: { en: 'Materials', zh: '适用物料' }, synonyms: [] },
  { name: 'raiseOn', type: 'string', label: { en: 'Raises exceptions on', zh: '触发异常的规则' }, synonyms: [] },
  { name: 'grading', type: 'string', label: { en: 'Grading matrix', zh: '分级矩阵' }, synonyms: [] },
  { name: 'policies', type: 'string', label: { en: 'Severity policies', zh: '分级处理要求' }, synonyms: [] },
  { name: 'impactSummary', type: 'string', label: { en: 'Impact summary', zh: '影响概述' }, synonyms: [] },
  { name: 'ruleViolation', type: 'string', label: { en: 'Rule violation', zh: '规则违例' }, synonyms: [] },
  // Lot rules: what they found on a lot, and the refused uses of blocked lots they judge.
  { name: 'lotFinding', type: 'string', label: { en: 'Lot rule finding', zh: '批次规则判定' }, synonyms: [] },
  { name: 'attemptedBy', type: 'string', label: { en: 'Attempted by', zh: '操作尝试人' }, synonyms: [] },
  { name: 'attemptedAt', type: 'datetime', label: { en: 'Attempted at', zh: '操作尝试时间' }, synonyms: [] },
  { name: 'containedAt', type: 'datetime', label: { en: 'Contained at', zh: '围堵完成时间' }, synonyms: [] },
  { name: 'escalatedAt', type: 'datetime', label: { en: 'Escalated at', zh: '升级时间' }, synonyms: [] },
  { name: 'escalatedTo', type: 'string', label: { en: 'Escalated to', zh: '升级至' }, synonyms: [] },
  // The exception workflow's later steps: acknowledgement, each lot's disposition, verification and closing.
  { name: 'acknowledgedAt', type: 'datetime', label: { en: 'Acknowledged at', zh: '确认接收时间' }, synonyms: [] },
  { name: 'acknowledgedBy', type: 'string', label: { en: 'Acknowledged by', zh: '确认接收人' }, synonyms: [] },
  { name: 'decision', type: 'string', label: { en: 'Disposition', zh: '处置决定' }, synonyms: ['UsageDecision', 'MRBDecision', '处置结论'] },
  { name: 'dispositionedAt', type: 'datetime', label: { en: 'Dispositioned at', zh: '处置完成时间' }, synonyms: [] },
  { name: 'verifiedAt', type: 'datetime', label: { en: 'Verified at', zh: '验证时间' }, synonyms: [] },
  { name: 'verifiedBy', type: 'string', label: { en: 'Verified by', zh: '验证人' }, synonyms: [] },
  { name: 'closedAt', type: 'datetime', label: { en: 'Closed at', zh: '关闭时间' }, synonyms: [] },
  { name: 'closedBy', type: 'string', label: { en: 'Closed by', zh: '关闭人' }, synonyms: [] },
  { name: 'statusBeforeHold', type: 'string', label: { en: 'Status to return to after the hold', zh: '解除冻结后恢复状态' }, synonyms: [] },
  // An e-signature put on a record (its meaning, printed name and the content hash it binds to).
  { name: 'signature', type: 'string', label: { en: 'E-signature', zh: '电子签名' }, synonyms: [] },
  // Webhooks that receive exception events (quality). The secret is never recorded, only that it was set or changed.
  { name: 'webhookName', type: 'string', label: { en: 'Webhook name', zh: 'Webhook 名称' }, synonyms: [] },
  { name: 'webhookUrl', type: 'string', label: { en: 'Webhook URL', zh: 'Webhook 地址' }, synonyms: [] },
  { name: 'webhookEvents', type: 'string', label: { en: 'Webhook events', zh: 'Webhook 订阅事件' }, synonyms: [] },
  { name: 'webhookEnabled', type: 'boolean', label: { en: 'Webhook enabled', zh: 'Webhook 启用' }, synonyms: [] },
  { name: 'webhookSecret', type: 'string', label: { en: 'Webhook secret', zh: 'Webhook 签名密钥' }, synonyms: [] },
  // CAPAs (capa): the record, its root-cause analysis, actions, effectiveness check, plan approval and closing.
  { name: 'capaType', type: 'string', label: { en: 'CAPA type', zh: 'CAPA 类型' }, synonyms: [] },
  { name: 'problemStatement', type: 'string', label: { en: 'Problem statement', zh: '问题描述' }, synonyms: [] },
  { name: 'riskBefore', type: 'string', label: { en: 'Risk before (S × O × D)', zh: '措施前风险（严重度×发生度×探测度）' }, synonyms: [] },
  { name: 'riskAfter', type: 'string', label: { en: 'Residual risk (S × O × D)', zh: '剩余风险（严重度×发生度×探测度）' }, synonyms: [] },
  { name: 'sources', type: 'string', label: { en: 'Sources', zh: '来源' }, synonyms: [] },
  { name: 'owner', type: 'string', label: { en: 'Owner', zh: '负责人' }, synonyms: [] },
  { name: 'dueOn', type: 'date', label: { en: 'Due on', zh: '到期日' }, synonyms: [] },
  { name: 'scope', type: 'string', label: { en: 'Scope (equipment, parameters, materials, suppliers, lots)', zh: '涉及范围（设备、参数、物料、供应商、批次）' }, synonyms: [] },
  { name: 'analysisVersion', type: 'number', label: { en: 'Root-cause analysis version', zh: '根因分析版本' }, synonyms: [] },
  { name: 'fiveWhys', type: 'string', label: { en: '5-Why chain', zh: '5个为什么' }, synonyms: [] },
  { name: 'causes', type: 'string', label: { en: 'Fishbone causes', zh: '鱼骨图原因' }, synonyms: [] },
  { name: 'rootCause', type: 'string', label: { en: 'Root cause', zh: '根本原因' }, synonyms: [] },
  { name: 'rootCauseCategory', type: 'string', label: { en: 'Root-cause category (6M)', zh: '根因类别（人机料法测环）' }, synonyms: [] },
  { name: 'justification', type: 'string', label: { en: 'Justification', zh: '判定依据' }, synonyms: [] },
  { name: 'actionSequence', type: 'number', label: { en: 'Action', zh: '措施序号' }, synonyms: [] },
  { name: 'actionKind', type: 'string', label: { en: 'Action kind', zh: '措施类型' }, synonyms: [] },
  { name: 'actionOwner', type: 'string', label: { en: 'Action owner', zh: '措施负责人' }, synonyms: [] },
  { name: 'actionDueOn', type: 'date', label: { en: 'Action due on', zh: '措施到期日' }, synonyms: [] },
  { name: 'actionStatus', type: 'string', label: { en: 'Action status', zh: '措施状态' }, synonyms: [] },
  { name: 'changeRequests', type: 'string', label: { en: 'Change requests', zh: '变更申请' }, synonyms: [] },
  { name: 'completionEvidence', type: 'string', label: { en: 'Evidence of completion', zh: '完成证据' }, synonyms: [] },
  { name: 'completionEvidenceLinks', type: 'string', label: { en: 'Records showing completion', zh: '完成证据记录' }, synonyms: [] },
  { name: 'completedAt', type: 'datetime', label: { en: 'Completed at', zh: '完成时间' }, synonyms: [] },
  { name: 'effectivenessVersion', type: 'number', label: { en: 'Effectiveness check version', zh: '有效性验证版本' }, synonyms: [] },
  { name: 'metric', type: 'string', label: { en: 'Effectiveness metric', zh: '有效性指标' }, synonyms: [] },
  { name: 'baselineFrom', type: 'datetime', label: { en: 'Baseline from', zh: '基线开始' }, synonyms: [] },
  { name: 'baselineTo', type: 'datetime', label: { en: 'Baseline to', zh: '基线结束' }, synonyms: [] },
  { name: 'verificationFrom', type: 'datetime', label: { en: 'Verification from', zh: '验证开始' }, synonyms: [] },
  { name: 'verificationTo', type: 'datetime', label: { en: 'Verification to', zh: '验证结束' }, synonyms: [] },
  { name: 'comparison', type: 'string', label: { en: 'Target comparison', zh: '目标比较方式' }, synonyms: [] },
  { name: 'target', type: 'number', label: { en: 'Target', zh: '目标值' }, synonyms: [] },
  { name: 'minSamples', type: 'number', label: { en: 'Samples needed', zh: '所需样本数' }, synonyms: [] },
  { name: 'baselineValue', type: 'number', label: { en: 'Baseline value', zh: '基线值' }, synonyms: [] },
  { name: 'baselineSampleSize', type: 'number', label: { en: 'Baseline sample size', zh: '基线样本数' }, synonyms: [] },
  { name: 'effectivenessResult', type: 'string', label: { en: 'Effectiveness result', zh: '有效性验证结果' }, synonyms: [] },
  { name: 'effectivenessStartedAt', type: 'datetime', label: { en: 'Verification started at', zh: '验证开始时间' }, synonyms: [] },
  { name: 'planApprovedAt', type: 'datetime', label: { en: 'Plan approved at', zh: '计划批准时间' }, synonyms: [] },
  { name: 'planApprovedBy', type: 'string', label: { en: 'Plan approved by', zh: '计划批准人' }, synonyms: [] },
  { name: 'closingSummary', type: 'string', label: { en: 'Closing summary', zh: '关闭总结' }, synonyms: [] },
  { name: 'cancelReason', type: 'string', label: { en: 'Reason cancelled', zh: '取消原因' }, synonyms: [] },
  { name: 'cancelledAt', type: 'datetime', label: { en: 'Cancelled at', zh: '取消时间' }, synonyms: [] },
  { name: 'cancelledBy', type: 'string', label: { en: 'Cancelled by', zh: '取消人' }, synonyms: [] },
  { name: 'overdueNotifiedAt', type: 'datetime', label: { en: 'Overdue told at', zh: '逾期通知时间' }, synonyms: [] },
  // CAPA events the capa domain publishes to quality's notifications (webhooks, the live stream).
  { name: 'eventType', type: 'string', label: { en: 'Event', zh: '事件类型' }, synonyms: [] },
  { name: 'capaNumber', type: 'string', label: { en: 'CAPA number', zh: 'CAPA 编号' }, synonyms: [] },
  { name: 'previousStatus', type: 'string', label: { en: 'Previous status', zh: '原状态' }, synonyms: [] },
  { name: 'exceptionNumbers', type: 'string', label: { en: 'Quality exceptions', zh: '关联异常单号' }, synonyms: [] },
  { name: 'eventDetail', type: 'string', label: { en: 'What happened', zh: '事件说明' }, synonyms: [] },
  { name: 'capaAction', type: 'string', label: { en: 'CAPA action', zh: 'CAPA 措施' }, synonyms: [] },
  // User accounts and sessions (compliance). Passwords and their hashes are never recorded, only when they changed.
  { name: 'printedName', type: 'string', label: { en: 'Printed name', zh: '签名打印姓名' }, synonyms: [] },
  { name: 'roles', type: 'string', label: { en: 'Roles', zh: '角色' }, synonyms: [] },
  { name: 'enabled', type: 'boolean', label: { en: 'Account enabled', zh: '账户启用' }, synonyms: [] },
  { name: 'disabledReason', type: 'string', label: { en: 'Reason disabled', zh: '停用原因' }, synonyms: [] },
  { name: 'failedAttempts', type: 'number', label: { en: 'Wrong passwords in a row', zh: '连续密码错误次数' }, synonyms: [] },
  { name: 'lockedAt', type: 'datetime', label: { en: 'Locked at', zh: '锁定时间' }, synonyms: [] },
  { name: 'lockedUntil', type: 'datetime', label: { en: 'Locked until', zh: '锁定至' }, synonyms: [] },
  { name: 'passwordChangedAt', type: 'datetime', label: { en: 'Password changed at', zh: '密码修改时间' }, synonyms: [] },
  { name: 'tokensValidAfter', type: 'datetime', label: { en: 'Tokens valid only if issued after', zh: '令牌有效起始时间' }, synonyms: [] },
  { name: 'tokenId', type: 'string', label: { en: 'Session token id', zh: '会话令牌编号' }, synonyms: [] },
  { name: 'tokenExpiresAt', type: 'datetime', label: { en: 'Session token expires at', zh: '会话令牌过期时间' }, synonyms: [] },
  { name: 'tokenRevokedAt', type: 'datetime', label: { en: 'Session token revoked at', zh: '会话令牌撤销时间' }, synonyms: [] },
  // The audit trail's own entries: the seal over entries written before entries were signed.
  { name: 'sealedEntries', type: 'number', label: { en: 'Entries sealed', zh: '已封存条目数' }, synonyms: [] },
  { name: 'sealedHeadHash', type: 'string', label: { en: 'Hash of the last entry sealed', zh: '封存末条目哈希' }, synonyms: [] },
  // Records the adapters rejected (the integration domain's dead-letter store).
  { name: 'ingestAdapter', type: 'string', label: { en: 'Adapter', zh: '适配器' }, synonyms: [] },
  { name: 'ingestSource', type: 'string', label: { en: 'Source (file, topic, endpoint)', zh: '数据来源（文件、主题、接口）' }, synonyms: [] },
  { name: 'ingestPosition', type: 'string', label: { en: 'Position in the source', zh: '来源中的位置' }, synonyms: [] },
  { name: 'ingestProblems', type: 'string', label: { en: 'Why it was not imported', zh: '未能导入的原因' }, synonyms: [] },
  { name: 'replayedAt', type: 'datetime', label: { en: 'Replayed at', zh: '重新导入时间' }, synonyms: [] },
  { name: 'replayedBy', type: 'string', label: { en: 'Replayed by', zh: '重新导入人' }, synonyms: [] },
  { name: 'recordHash', type: 'string', label: { en: 'Hash of the record as received', zh: '原始记录哈希' }, synonyms: [] },
];

/** How a name is compared: LOT_NO, Lot No, lot-no and lotno are one name. */
function synonymKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s._-]+/g, '');
}

const bySynonym = new Map<string, FieldDefinition>();
for (const field of FIELD_DICTIONARY) {
  for (const name of [field.name, ...field.synonyms]) {
    const key = synonymKey(name);
    const other = bySynonym.get(key);
    // A name that meant two fields would map records by the order of this list: refuse it at load.
    if (other && other !== field) throw new Error(`field dictionary: "${name}" names both ${other.name} and ${field.name}`);
    bySynonym.set(key, field);
  }
}

/** The canonical field a source system's field name stands for (case, spaces, dots, hyphens and underscores aside), if the dictionary knows it. */
export function canonicalField(sourceName: string): FieldDefinition | undefined {
  return bySynonym.get(synonymKey(sourceName));
}

export function fieldLabel(name: string, language: 'en' | 'zh' = 'en'): string {
  return canonicalField(name)?.label[language] ?? name;
}
