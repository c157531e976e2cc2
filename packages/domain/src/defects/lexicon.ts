/**
 * The defects shoppers name, each under one label with the ways they say it (DOMAIN.md §7, quality alarm). A phrasing
 * jieba cuts apart ("开线" → 开 / 线) or says with other words ("拉锁", "拉不上", "拉链头") still finds its defect here.
 * Patterns run on the normalised text (simplified, lower case, no spaces); a label is also what the alarm is called.
 */
export interface DefectTerm {
  label: string;
  pattern: RegExp;
}

export const DEFECT_TERMS: readonly DefectTerm[] = [
  { label: '拉链问题', pattern: /拉链|拉锁|拉头|拉不上|拉不下|拉不动|拉不开|拉不回/g },
  { label: '纽扣问题', pattern: /纽扣|钮扣|扣子|扣眼|按扣|扣掉/g },
  { label: '开线', pattern: /开线|脱线|开缝|线开了|缝线.{0,2}(开|断|松|脱)|跳线|走线.{0,2}(歪|不直)|线.{0,2}崩开/g },
  { label: '线头多', pattern: /线头/g },
  { label: '起球', pattern: /起球|起毛球|毛球|球球/g },
  { label: '掉毛', pattern: /掉毛|掉絮|掉绒|飞毛|粘毛|掉渣/g },
  { label: '掉色', pattern: /掉色|褪色|退色|串色|染色|染到|脱色|掉颜色|洗.{0,4}水.{0,2}(红|蓝|黑|黄|绿|紫)/g },
  {
    label: '色差',
    pattern: /色差|颜色.{0,6}(不一样|不同|不对|不符|差别|差很多|偏深|偏浅|偏黄|偏暗|偏红)|(和|跟|与)图片.{0,4}(颜色|色).{0,2}(不一样|不同|不符)/g,
  },
  {
    label: '与描述不符',
    pattern: /与描述不符|和描述不(一样|符)|货不对板|(和|跟|与)(图片|详情页).{0,4}(不一样|不符)|实物.{0,4}(不一样|不符|差太多)/g,
  },
  { label: '缩水', pattern: /缩水|缩得|洗.{0,6}(变小|缩了|小了一号|短了一截|短了)/g },
  { label: '变形', pattern: /变形|走形|歪了|不对称|一边长一边短/g },
  { label: '破洞', pattern: /破洞|有洞|个洞|小洞|抽丝|勾丝|破了/g },
  { label: '污渍', pattern: /污渍|污点|油渍|霉点|发霉|黄斑|斑点|印子|脏/g },
  { label: '异味', pattern: /异味|味道|臭|刺鼻|甲醛|气味|有味/g },
  { label: '面料偏薄', pattern: /太薄|很薄|薄得|透光|透肉|很透|面料薄/g },
  { label: '抽绳问题', pattern: /抽绳|帽绳|绳子|系带|腰绳/g },
  { label: '松紧失效', pattern: /松紧带|皮筋|没弹性|没有弹性|弹性差|松垮/g },
  { label: '开胶', pattern: /开胶|脱胶|鞋底.{0,3}?(开|脱|掉)胶?|鞋头.{0,2}?开胶?/g },
  { label: '鞋底断裂', pattern: /鞋底.{0,3}(断|裂)|断底/g },
  { label: '磨脚', pattern: /磨脚|夹脚|硌脚|磨破/g },
  { label: '尺码不准', pattern: /尺码|码数|偏大|偏小|大了一码|小了一码|大一码|小一码/g },
  { label: '配件脱落', pattern: /装饰.{0,2}(掉|脱)|掉钻|亮片.{0,2}掉|配件.{0,2}(掉|脱)/g },
  { label: '不保温', pattern: /不保温|保温.{0,4}(差|不好|不行|不了|没效果|效果差)|不保热|很快就凉|一会儿?就凉/g },
  { label: '杯盖问题', pattern: /杯盖|盖子|密封圈|拧不紧|盖不紧|盖不上/g },
  { label: '漏水', pattern: /漏水|渗水|滴水|往外冒水|喷水|洒水/g },
  { label: '生锈', pattern: /生锈|锈迹|锈斑|锈了/g },
  { label: '不发热', pattern: /不发热|不热|不加热|不暖|发热.{0,3}(慢|差|不好|不行)|加热.{0,3}(慢|不了|失灵)|没有?温度|温度不够/g },
  { label: '蒸汽不足', pattern: /不出蒸汽|没.{0,2}蒸汽|蒸汽.{0,3}(小|弱|少|没|不)/g },
  {
    label: '充电故障',
    pattern: /充不进电|充不上电|充不了电|充电.{0,4}(没反应|不亮|坏|慢|不进)|不能充电|无法充电|电池.{0,4}(不耐用|鼓包|坏)|不耐用|续航/g,
  },
  { label: '无法开机', pattern: /开不了机|无法开机|不能开机|开不开机|没反应|不通电|通电.{0,3}没|无法启动|启动不了|不工作/g },
  { label: '漏电', pattern: /漏电|电到|电人|麻手/g },
  { label: '开关故障', pattern: /开关|按键|按钮/g },
  { label: '伞骨问题', pattern: /伞骨|伞架|撑不开|打不开|收不起|收不回/g },
];

export const DEFECT_LABELS: ReadonlySet<string> = new Set(DEFECT_TERMS.map((t) => t.label));

/** Single characters that say what went wrong ("坏", "漏", "卡"); any other single character left over is noise. */
export const SYMPTOM_CHARACTERS: ReadonlySet<string> = new Set(Array.from('坏掉断裂松漏破脏臭歪卡凉烫硬软薄厚短长紧皱锈霉褪'));

/**
 * Words that say a shopper is unhappy but not with what: they would make any two complaints look alike. The product's
 * own name words are left out as well (by the caller), since every case of one product shares them.
 */
export const DEFECT_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 地 得 了 着 过 是 在 和 与 或 及 就 都 也 又 还 很 太 挺 蛮 真 好 不 没 没有 有 有点 一点 非常 特别 比较 严重 ' +
    '我 你 他 她 它 我们 你们 他们 亲 您 这 那 这个 那个 这件 那件 这款 这种 一个 一件 一条 一双 一次 两次 几次 第一次 ' +
    '吗 呢 吧 啊 呀 哦 嘛 啦 哈 么 怎么 怎么办 为什么 什么 咋 如何 能 能不能 可以 会 要 想 希望 要求 请 麻烦 ' +
    '质量 问题 质量问题 商品 产品 东西 宝贝 货 收到 到货 到手 拿到 买 买的 购买 下单 订单 快递 包裹 刚 刚刚 才 已经 ' +
    '发现 穿 穿了 用 用了 洗 洗了 天 几天 两天 三天 之后 以后 后 时候 结果 但是 而且 然后 所以 因为 就是 这么 那么 ' +
    '退 换 退货 退款 换货 退换 申请 处理 售后 客服 卖家 店家 商家 垃圾 失望 生气 差 太差 很差 差劲 烂 很烂 不好 不行 坑 坑人 无语 差评 好评 一下 一样 ' +
    '把 被 让 给 到 上 下 里 全 快 像 别的 不是 很大 很多 厉害 想要 不想 不想要 感觉 觉得 看 看到 明显 还是 一直 没法 不到 多次 好多 好多次 试 试了 ' +
    '过来 之前 现在 满身 都是 ' +
    '衣服 裤子 裙子 鞋子 鞋 杯子 外套 上衣 件 个 条 双 只'
  ).split(/\s+/),
);
