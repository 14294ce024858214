"""Sample products and certificates, from /work/shared/context/cao-bang-facts.md.

Honesty rules (DESIGN §2; the reasoning per product is in docs/SAMPLE_DATA.md):
- a real product carries exactly the stars the facts give, with an illustrative DEMO- number,
  is_sample=True and a decision text that says so; no certificate where the facts don't confirm one;
- the facts give star levels, not the dates of the latest assessment, so a real product's certificate
  is dated from the seeding day and is in force on it (only Tân Việt Á's 2020 3★, which the facts
  say a 4★ replaced in 2023, is kept as expired history; its year-only date is 15 December);
- the 5-star, expired and revoked examples are fictional "(mẫu)" products of fictional producers,
  dated relative to the day of seeding so they keep showing what they are meant to show;
- prices are placeholders (the facts' price hints where there are some), said so in the text.
"""
from __future__ import annotations

from datetime import date, timedelta

PRICE_NOTE_VI = "Giá trong bản demo chỉ mang tính minh họa."
PRICE_NOTE_EN = "Demo prices are illustrative."
NOT_MEDICINE_VI = "Sản phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh."
NOT_MEDICINE_EN = "This product is not a medicine and does not replace medical treatment."
LIQUOR_USAGE_VI = "Chỉ dành cho người từ 18 tuổi trở lên. Uống có trách nhiệm; đã uống rượu thì không lái xe."
LIQUOR_USAGE_EN = "For adults aged 18 and over only. Drink responsibly; never drive after drinking."
ILLUSTRATIVE_DECISION = "Quyết định minh họa (dữ liệu mẫu, số thật chưa xác minh) · Illustrative sample decision"
FICTIONAL_DECISION = "Quyết định hư cấu (dữ liệu mẫu) · Fictional sample decision"


def _product(producer, category, icon, price, vi, en=None, *, stock=30, weight_grams=0, net_quantity=None,
             shelf_life_days=None, abv=None, status="published", is_sample=False):
    """One product row; vi/en are {name, description, ingredients, usage, storage, unit}."""
    content = {"vi": {**vi, "description": f"{vi['description']} {PRICE_NOTE_VI}"}}
    if en:
        content["en"] = {**en, "description": f"{en['description']} {PRICE_NOTE_EN}"}
    return dict(producer=producer, category=category, icon=icon, price=price, content=content, stock=stock,
                weight_grams=weight_grams, net_quantity=net_quantity, shelf_life_days=shelf_life_days, abv=abv,
                status=status, is_sample=is_sample)


_CAI_VAN_VI = dict(
    description="Rượu ngô nấu thủ công ở vùng Hà Quảng, Cao Bằng, từ ngô hạt địa phương; độ cồn 35%.",
    ingredients="Ngô hạt, men, nước.", usage=LIQUOR_USAGE_VI,
    storage="Để nơi khô, mát, tránh ánh nắng trực tiếp; đậy kín nắp sau khi mở.",
)
_CAI_VAN_EN = dict(
    description="Corn liquor distilled by hand in the Hà Quảng area of Cao Bằng from local corn; 35% ABV.",
    ingredients="Corn, yeast, water.", usage=LIQUOR_USAGE_EN,
    storage="Keep in a cool, dry place out of direct sunlight; close tightly after opening.",
)
_SAUSAGE_USAGE_VI = "Hấp hoặc áp chảo nhỏ lửa khoảng 10 phút, thái lát ăn với cơm nóng."
_SAUSAGE_STORAGE_VI = "Bảo quản ngăn mát tủ lạnh; sau khi mở gói nên dùng trong 7 ngày."
_MIEN_USAGE_VI = "Ngâm nước lạnh 5–10 phút cho mềm, rồi nấu canh, xào hoặc trộn."
_MIEN_USAGE_EN = "Soak in cold water for 5–10 minutes, then use in soups, stir-fries or salads."
_DRY_STORAGE_VI = "Để nơi khô ráo, thoáng mát, tránh ánh nắng."
_DRY_STORAGE_EN = "Keep in a dry, cool place out of the sun."
_HONEY_USAGE_VI = "Pha với nước ấm dưới 60 °C hoặc dùng trực tiếp. Không cho trẻ dưới 1 tuổi dùng mật ong."
_HONEY_USAGE_EN = "Stir into warm (below 60 °C) water or eat as it is. Do not give honey to children under 1."
_HONEY_STORAGE_VI = "Đậy kín, để nơi khô mát; mật kết tinh khi trời lạnh là hiện tượng tự nhiên."
_HONEY_STORAGE_EN = "Keep closed in a cool, dry place; honey crystallising in the cold is natural."
_TEA_USAGE_VI = "Tráng ấm bằng nước sôi; dùng khoảng 5 g trà cho 150–200 ml nước 80–85 °C, hãm 2–3 phút."
_TEA_USAGE_EN = "Warm the pot; use about 5 g of tea for 150–200 ml of water at 80–85 °C and steep 2–3 minutes."
_TEA_STORAGE_VI = "Đóng kín, để nơi khô mát, tránh mùi lạ và ánh nắng."
_TEA_STORAGE_EN = "Keep sealed in a cool, dry place away from strong smells and sunlight."
_KNIFE_USAGE_VI = "Rửa và lau khô ngay sau khi dùng; để xa tầm tay trẻ em."
_KNIFE_USAGE_EN = "Wash and dry straight after use; keep out of children's reach."
_KNIFE_STORAGE_VI = "Lau khô, bôi một lớp dầu ăn mỏng nếu lâu không dùng để tránh gỉ."
_KNIFE_STORAGE_EN = "Keep dry; wipe on a thin film of cooking oil if unused for a while, against rust."
_BROCADE_STORAGE_VI = "Giặt tay bằng nước lạnh, không dùng chất tẩy, phơi trong bóng râm."
_BROCADE_STORAGE_EN = "Hand-wash in cold water without bleach; dry in the shade."
_STAY_USAGE_VI = "Sau khi đặt, chủ nhà liên hệ để xác nhận ngày đến và số khách."
_STAY_USAGE_EN = "After you book, the host gets in touch to confirm your dates and party size."

PRODUCTS = (
    # --- Đồ uống (drinks) ---
    _product("co-so-ruou-ngo-cai-van", "ruou", "bottle", 120_000, stock=40, weight_grams=950, net_quantity="500 ml",
             abv=35.0,
             vi=dict(name="Rượu ngô Cải Vân – chai 500 ml", unit="chai", **_CAI_VAN_VI),
             en=dict(name="Cải Vân corn liquor – 500 ml bottle", unit="bottle", **_CAI_VAN_EN)),
    _product("co-so-ruou-ngo-cai-van", "ruou", "bottle", 220_000, stock=25, weight_grams=1_600, net_quantity="1 L",
             abv=35.0,
             vi=dict(name="Rượu ngô Cải Vân – bình 1 lít", unit="bình", **_CAI_VAN_VI),
             en=dict(name="Cải Vân corn liquor – 1 litre flask", unit="flask", **_CAI_VAN_EN)),
    # The one draft: a new pack size the producer has not sent for review (vi only, as drafts often are).
    _product("co-so-ruou-ngo-cai-van", "ruou", "bottle", 400_000, stock=10, weight_grams=2_300, net_quantity="2 L",
             abv=35.0, status="draft",
             vi=dict(name="Rượu ngô Cải Vân – can 2 lít", unit="can", **_CAI_VAN_VI)),
    _product("cong-ty-kolia", "tra", "tea", 180_000, stock=50, weight_grams=220, net_quantity="100 g",
             shelf_life_days=540,
             vi=dict(name="Trà Kolia Danh Trà – hộp 100 g", unit="hộp",
                     description="Trà xanh hữu cơ của Công ty Kolia, trồng trên vùng núi Phja Đén, xã Thành Công.",
                     ingredients="Búp chè xanh hữu cơ.", usage=_TEA_USAGE_VI, storage=_TEA_STORAGE_VI),
             en=dict(name="Kolia Danh Trà tea – 100 g box", unit="box",
                     description="Organic green tea from Kolia, grown in the Phja Đén mountains of Thành Công "
                                 "commune.",
                     ingredients="Organic green tea shoots.", usage=_TEA_USAGE_EN, storage=_TEA_STORAGE_EN)),
    _product("cong-ty-kolia", "tra", "tea", 250_000, stock=40, weight_grams=220, net_quantity="100 g",
             shelf_life_days=540,
             vi=dict(name="Trà Kolia Đỉnh Trà – hộp 100 g", unit="hộp",
                     description="Dòng trà hữu cơ Đỉnh Trà của Công ty Kolia, từ vùng chè trên núi Phja Đén.",
                     ingredients="Búp chè hữu cơ.", usage=_TEA_USAGE_VI, storage=_TEA_STORAGE_VI),
             en=dict(name="Kolia Đỉnh Trà tea – 100 g box", unit="box",
                     description="Kolia's Đỉnh Trà organic tea, from its tea gardens on Phja Đén mountain.",
                     ingredients="Organic tea shoots.", usage=_TEA_USAGE_EN, storage=_TEA_STORAGE_EN)),
    # --- Thực phẩm (food) ---
    _product("htx-tam-hoa", "thit-hun-khoi", "sausage", 190_000, stock=60, weight_grams=560, net_quantity="500 g",
             shelf_life_days=90,
             vi=dict(name="Lạp sườn hun khói Tâm Hòa – gói 500 g", unit="gói",
                     description="Lạp sườn hun khói của Hợp tác xã Tâm Hòa (phường Thục Phán, Cao Bằng), làm từ "
                                 "thịt và mỡ lợn ướp gia vị, hun khói rồi đóng gói hút chân không.",
                     ingredients="Thịt lợn, mỡ lợn, muối, đường, rượu trắng, gia vị.",
                     usage=_SAUSAGE_USAGE_VI, storage=_SAUSAGE_STORAGE_VI),
             en=dict(name="Tâm Hòa smoked sausage – 500 g pack", unit="pack",
                     description="Smoked sausage from Tâm Hòa Cooperative (Thục Phán ward, Cao Bằng): pork and "
                                 "pork fat cured with spices, smoked, then vacuum-packed.",
                     ingredients="Pork, pork fat, salt, sugar, rice spirit, spices.",
                     usage="Steam or pan-fry gently for about 10 minutes; slice and serve with hot rice.",
                     storage="Keep refrigerated; once opened, eat within 7 days.")),
    _product("htx-tam-hoa", "thit-hun-khoi", "sausage", 220_000, stock=35, weight_grams=560, net_quantity="500 g",
             shelf_life_days=90,
             vi=dict(name="Thịt lợn hun khói Tâm Hòa – gói 500 g", unit="gói",
                     description="Thịt lợn ướp gia vị và hun khói của Hợp tác xã Tâm Hòa, đóng gói hút chân không.",
                     ingredients="Thịt lợn, muối, gia vị.",
                     usage="Hấp khoảng 15 phút hoặc xào với rau cải, tỏi tây.", storage=_SAUSAGE_STORAGE_VI)),
    _product("htx-nong-san-tan-viet-a", "mien-bun", "noodles", 55_000, stock=120, weight_grams=530,
             net_quantity="500 g", shelf_life_days=365,
             vi=dict(name="Miến dong Tân Việt Á – gói 500 g", unit="gói",
                     description="Miến làm từ tinh bột củ dong riềng của vùng Nguyên Bình; sợi dai, trong.",
                     ingredients="Tinh bột dong riềng, nước.", usage=_MIEN_USAGE_VI, storage=_DRY_STORAGE_VI),
             en=dict(name="Tân Việt Á arrowroot vermicelli – 500 g pack", unit="pack",
                     description="Glass noodles made from the arrowroot (canna) starch of Nguyên Bình; chewy "
                                 "and clear.",
                     ingredients="Arrowroot starch, water.", usage=_MIEN_USAGE_EN, storage=_DRY_STORAGE_EN)),
    _product("htx-nong-san-tan-viet-a", "mien-bun", "noodles", 100_000, stock=80, weight_grams=1_040,
             net_quantity="1 kg", shelf_life_days=365,
             vi=dict(name="Miến dong Tân Việt Á – gói 1 kg", unit="gói",
                     description="Miến dong Tân Việt Á gói lớn cho gia đình, làm từ tinh bột dong riềng Nguyên Bình.",
                     ingredients="Tinh bột dong riềng, nước.", usage=_MIEN_USAGE_VI, storage=_DRY_STORAGE_VI),
             en=dict(name="Tân Việt Á arrowroot vermicelli – 1 kg pack", unit="pack",
                     description="The family-size pack of Tân Việt Á vermicelli, made from Nguyên Bình "
                                 "arrowroot starch.",
                     ingredients="Arrowroot starch, water.", usage=_MIEN_USAGE_EN, storage=_DRY_STORAGE_EN)),
    _product("ho-lam-mien-dong-phja-den", "mien-bun", "noodles", 60_000, stock=70, weight_grams=530,
             net_quantity="500 g", shelf_life_days=365,
             vi=dict(name="Miến dong Phja Đén – gói 500 g", unit="gói",
                     description="Miến dong của làng nghề truyền thống Phja Đén (xã Thành Công), nơi khoảng 97 "
                                 "hộ làm miến. Hàng mạo danh Phja Đén khá phổ biến: hãy mua ở nơi rõ nguồn gốc.",
                     ingredients="Tinh bột dong riềng, nước.", usage=_MIEN_USAGE_VI, storage=_DRY_STORAGE_VI),
             en=dict(name="Phja Đén arrowroot vermicelli – 500 g pack", unit="pack",
                     description="Arrowroot vermicelli from the Phja Đén traditional craft village (Thành Công "
                                 "commune), where about 97 households make it. Fakes under the Phja Đén name "
                                 "are common: buy where the origin is clear.",
                     ingredients="Arrowroot starch, water.", usage=_MIEN_USAGE_EN, storage=_DRY_STORAGE_EN)),
    _product("co-so-thach-den-le-thuy", "banh-keo", "jelly", 30_000, stock=80, weight_grams=560,
             net_quantity="500 g", shelf_life_days=15,
             vi=dict(name="Thạch đen Lê Thùy – hộp 500 g", unit="hộp",
                     description="Thạch đen Thạch An nấu từ cây thạch đen phơi khô, do cơ sở của chị Nông Thị "
                                 "Lệ Thùy ở Đông Khê làm.",
                     ingredients="Cây thạch đen khô, bột năng, nước.",
                     usage="Cắt miếng nhỏ, ăn với nước đường, sữa hoặc chè.",
                     storage="Bảo quản ngăn mát tủ lạnh (2–8 °C)."),
             en=dict(name="Lê Thùy grass jelly – 500 g tub", unit="tub",
                     description="Thạch An grass jelly cooked from the dried grass-jelly plant by Ms Nông Thị "
                                 "Lệ Thùy's workshop in Đông Khê.",
                     ingredients="Dried grass-jelly plant, tapioca starch, water.",
                     usage="Cut into cubes; serve with syrup, milk or sweet soup.",
                     storage="Keep refrigerated (2–8 °C).")),
    _product("co-so-mat-ong-doan-linh", "mat-ong", "honey", 200_000, stock=40, weight_grams=850,
             net_quantity="500 ml", shelf_life_days=730,
             vi=dict(name="Mật ong Đoàn Linh – chai 500 ml", unit="chai",
                     description="Mật ong của cơ sở chị Ma Thị Kim Oanh ở xã Minh Tâm, mỗi năm thu khoảng "
                                 "2.000–3.000 lít.",
                     ingredients="Mật ong nguyên chất.", usage=_HONEY_USAGE_VI, storage=_HONEY_STORAGE_VI),
             en=dict(name="Đoàn Linh honey – 500 ml bottle", unit="bottle",
                     description="Honey from Ms Ma Thị Kim Oanh's bees in Minh Tâm commune, about 2,000–3,000 "
                                 "litres a year.",
                     ingredients="Pure honey.", usage=_HONEY_USAGE_EN, storage=_HONEY_STORAGE_EN)),
    _product("co-so-mat-ong-doan-linh", "mat-ong", "honey", 380_000, stock=20, weight_grams=1_600,
             net_quantity="1 L", shelf_life_days=730,
             vi=dict(name="Mật ong Đoàn Linh – chai 1 lít", unit="chai",
                     description="Mật ong Đoàn Linh chai lớn, từ đàn ong của chị Ma Thị Kim Oanh ở Minh Tâm.",
                     ingredients="Mật ong nguyên chất.", usage=_HONEY_USAGE_VI, storage=_HONEY_STORAGE_VI),
             en=dict(name="Đoàn Linh honey – 1 litre bottle", unit="bottle",
                     description="The large bottle of Đoàn Linh honey from Ms Ma Thị Kim Oanh's bees in Minh Tâm.",
                     ingredients="Pure honey.", usage=_HONEY_USAGE_EN, storage=_HONEY_STORAGE_EN)),
    _product("dntn-668-bao-lam", "gao-nep", "rice", 90_000, stock=100, weight_grams=2_050, net_quantity="2 kg",
             shelf_life_days=365,
             vi=dict(name="Gạo nếp hương Bảo Lạc – túi 2 kg", unit="túi",
                     description="Gạo nếp hương của vùng Xuân Trường, Khánh Xuân (huyện Bảo Lạc cũ), hạt tròn, "
                                 "dẻo thơm khi đồ xôi.",
                     ingredients="Gạo nếp hương.", usage="Vo nhẹ, ngâm 4–6 giờ rồi đồ xôi hoặc gói bánh.",
                     storage=_DRY_STORAGE_VI),
             en=dict(name="Bảo Lạc fragrant sticky rice – 2 kg bag", unit="bag",
                     description="Fragrant sticky rice from Xuân Trường and Khánh Xuân (former Bảo Lạc "
                                 "district); round grains, soft and fragrant when steamed.",
                     ingredients="Fragrant glutinous rice.",
                     usage="Rinse gently, soak 4–6 hours, then steam as xôi or wrap in cakes.",
                     storage=_DRY_STORAGE_EN)),
    _product("htx-khau-sli-na-giang", "banh-keo", "cake", 60_000, stock=50, weight_grams=360, net_quantity="300 g",
             shelf_life_days=90,
             vi=dict(name="Khẩu sli Nà Giàng – hộp 300 g", unit="hộp",
                     description="Khẩu sli – bánh truyền thống của người Tày, Nùng – của Hợp tác xã Nà Giàng ở "
                                 "Ngọc Đào: gạo nếp rang phồng quện đường mạch nha, rắc lạc.",
                     ingredients="Gạo nếp, đường mạch nha, lạc, vừng.",
                     usage="Dùng ngay sau khi mở hộp, ăn kèm trà.",
                     storage="Đậy kín để bánh giữ giòn; để nơi khô mát.")),
    _product("to-hop-tac-hat-de-ban-khay-mau", "hat-qua", "nut", 120_000, stock=30, weight_grams=1_030,
             net_quantity="1 kg", shelf_life_days=60,
             vi=dict(name="Hạt dẻ Trùng Khánh – túi 1 kg", unit="túi",
                     description="Hạt dẻ của vùng Trùng Khánh, có chỉ dẫn địa lý từ năm 2014. Sản lượng chỉ "
                                 "khoảng 20 tấn mỗi năm; hạt dẻ Trung Quốc thường bị bán lẫn dưới tên Trùng Khánh.",
                     ingredients="Hạt dẻ tươi.",
                     usage="Khía vỏ rồi rang với cát hoặc luộc 20–25 phút.",
                     storage="Để nơi khô, thoáng; hạt tươi nên dùng trong vài tuần."),
             en=dict(name="Trùng Khánh chestnuts – 1 kg bag", unit="bag",
                     description="Chestnuts from the Trùng Khánh area, with a geographical indication since "
                                 "2014. Only about 20 tonnes are harvested a year, and Chinese chestnuts are "
                                 "often sold under the Trùng Khánh name.",
                     ingredients="Fresh chestnuts.",
                     usage="Score the shells, then roast in sand or boil for 20–25 minutes.",
                     storage="Keep dry and airy; fresh nuts are best within a few weeks.")),
    _product("to-hop-tac-hat-de-ban-khay-mau", "gao-nep", "rice", 80_000, stock=60, weight_grams=2_050,
             net_quantity="2 kg", shelf_life_days=365,
             vi=dict(name="Gạo nếp ong Trùng Khánh – túi 2 kg", unit="túi",
                     description="Nếp ong – giống nếp đặc sản của vùng Trùng Khánh, trồng trên khoảng 2.200 ha.",
                     ingredients="Gạo nếp ong.", usage="Ngâm 4–6 giờ rồi đồ xôi, làm bánh chưng, bánh tét.",
                     storage=_DRY_STORAGE_VI)),
    _product("htx-ba-sach-hung-dao", "mien-bun", "noodles", 35_000, stock=90, weight_grams=520, net_quantity="500 g",
             shelf_life_days=270,
             vi=dict(name="Bún khô Ba Sạch – gói 500 g", unit="gói",
                     description="Bún khô của Hợp tác xã Ba Sạch ở Hưng Đạo (nay thuộc phường Thục Phán).",
                     ingredients="Gạo tẻ, nước.", usage="Luộc 5–7 phút trong nước sôi, xả lại nước lạnh.",
                     storage=_DRY_STORAGE_VI)),
    _product("cong-ty-dac-san-non-nuoc-mau", "mat-ong", "honey", 150_000, stock=25, weight_grams=850,
             net_quantity="500 ml", shelf_life_days=730, is_sample=True,
             vi=dict(name="Mật ong hoa rừng (mẫu) – chai 500 ml", unit="chai",
                     description="Sản phẩm hư cấu của dữ liệu mẫu, có chứng nhận OCOP đã hết hạn để minh họa.",
                     ingredients="Mật ong.", usage=_HONEY_USAGE_VI, storage=_HONEY_STORAGE_VI),
             en=dict(name="Wildflower honey (sample) – 500 ml bottle", unit="bottle",
                     description="A fictional product of the sample data, with an expired OCOP certificate to "
                                 "show how one looks.",
                     ingredients="Honey.", usage=_HONEY_USAGE_EN, storage=_HONEY_STORAGE_EN)),
    _product("cong-ty-dac-san-non-nuoc-mau", "thuc-pham", "chili", 40_000, stock=45, weight_grams=320,
             net_quantity="250 ml", shelf_life_days=180, is_sample=True,
             vi=dict(name="Tương ớt Bản Mẫu (mẫu) – chai 250 ml", unit="chai",
                     description="Sản phẩm hư cấu của dữ liệu mẫu, có chứng nhận OCOP bị thu hồi để minh họa.",
                     ingredients="Ớt, tỏi, muối, đường, giấm.", usage="Chấm hoặc nêm món ăn.",
                     storage="Sau khi mở, đậy kín và để ngăn mát."),
             en=dict(name="Bản Mẫu chilli sauce (sample) – 250 ml bottle", unit="bottle",
                     description="A fictional product of the sample data, with a revoked OCOP certificate to "
                                 "show how one looks.",
                     ingredients="Chilli, garlic, salt, sugar, vinegar.", usage="As a dip or seasoning.",
                     storage="Once opened, close and keep refrigerated.")),
    # --- Thảo dược (herbal) ---
    _product("htx-duoc-lieu-phja-oac-mau", "thao-duoc", "herb", 90_000, stock=40, weight_grams=130,
             net_quantity="100 g", shelf_life_days=540,
             vi=dict(name="Trà giảo cổ lam – túi 100 g", unit="túi",
                     description=f"Lá và thân giảo cổ lam phơi khô. Cao Bằng giới thiệu trà giảo cổ lam tại hội "
                                 f"chợ năm 2025; chưa xác minh được chứng nhận OCOP. {NOT_MEDICINE_VI}",
                     ingredients="Giảo cổ lam (Gynostemma pentaphyllum) sấy khô.",
                     usage="Hãm 3–5 g với 300 ml nước sôi trong 5 phút.", storage=_TEA_STORAGE_VI),
             en=dict(name="Gynostemma tea – 100 g bag", unit="bag",
                     description=f"Dried leaves and stems of gynostemma (jiaogulan). Cao Bằng showed gynostemma "
                                 f"tea at a 2025 fair; no OCOP certificate is verified. {NOT_MEDICINE_EN}",
                     ingredients="Dried Gynostemma pentaphyllum.",
                     usage="Steep 3–5 g in 300 ml of boiling water for 5 minutes.", storage=_TEA_STORAGE_EN)),
    _product("htx-duoc-lieu-phja-oac-mau", "thao-duoc", "herb", 150_000, stock=35, weight_grams=120,
             net_quantity="20 × 2 g", shelf_life_days=540, is_sample=True,
             vi=dict(name="Trà thảo mộc Phja Oắc (mẫu) – hộp 20 túi lọc", unit="hộp",
                     description=f"Sản phẩm hư cấu của dữ liệu mẫu, mang chứng nhận OCOP 5 sao cấp quốc gia để "
                                 f"minh họa. Cao Bằng hiện chưa có sản phẩm 5 sao. {NOT_MEDICINE_VI}",
                     ingredients="Thảo mộc sấy khô (hư cấu).", usage="Hãm 1 túi lọc với 200 ml nước sôi trong 5 phút.",
                     storage=_TEA_STORAGE_VI),
             en=dict(name="Phja Oắc herbal tea (sample) – 20 tea bags", unit="box",
                     description=f"A fictional product of the sample data, carrying a national 5-star OCOP "
                                 f"certificate to show how one looks. Cao Bằng has no 5-star product yet. "
                                 f"{NOT_MEDICINE_EN}",
                     ingredients="Dried herbs (fictional).", usage="Steep one bag in 200 ml of boiling water "
                                                                   "for 5 minutes.",
                     storage=_TEA_STORAGE_EN)),
    # --- Vải và may mặc (textiles) ---
    _product("tho-cam-tay-nong-thi-thuoc", "vai-may-mac", "scarf", 350_000, stock=12, weight_grams=160,
             net_quantity="≈ 30 × 160 cm",
             vi=dict(name="Khăn thổ cẩm Tày", unit="chiếc",
                     description="Khăn dệt tay trên khung cửi của người Tày ở Ngọc Đào, nền chàm, hoa văn hình "
                                 "thoi và sao tám cánh. Mỗi chiếc hơi khác nhau vì dệt tay.",
                     ingredients="Sợi bông nhuộm chàm, sợi màu.",
                     usage="Quàng cổ, làm khăn choàng hoặc treo trang trí.", storage=_BROCADE_STORAGE_VI),
             en=dict(name="Tày brocade scarf", unit="piece",
                     description="A scarf hand-woven on a Tày loom in Ngọc Đào: indigo ground with diamonds and "
                                 "eight-point stars. Each one differs a little, being handmade.",
                     ingredients="Indigo-dyed cotton, coloured yarn.",
                     usage="Wear as a scarf or shawl, or hang as a decoration.", storage=_BROCADE_STORAGE_EN)),
    _product("tho-cam-tay-nong-thi-thuoc", "vai-may-mac", "bag", 280_000, stock=10, weight_grams=250,
             net_quantity="≈ 28 × 32 cm",
             vi=dict(name="Túi thổ cẩm Tày", unit="chiếc",
                     description="Túi đeo vai may từ vải thổ cẩm Tày dệt tay ở Ngọc Đào, có lót trong.",
                     ingredients="Vải thổ cẩm bông, vải lót.", usage="Túi đeo hằng ngày.",
                     storage=_BROCADE_STORAGE_VI),
             en=dict(name="Tày brocade shoulder bag", unit="piece",
                     description="A lined shoulder bag sewn from Tày brocade hand-woven in Ngọc Đào.",
                     ingredients="Cotton brocade, lining fabric.", usage="An everyday bag.",
                     storage=_BROCADE_STORAGE_EN)),
    # --- Lưu niệm – nội thất – trang trí (souvenirs, crafts) ---
    _product("lo-ren-nong-son-phuc-sen", "luu-niem-noi-that-trang-tri", "knife", 120_000, stock=25, weight_grams=380,
             net_quantity="≈ 20 cm",
             vi=dict(name="Dao rèn Phúc Sen – dao thái", unit="con",
                     description="Dao thái rèn tay ở lò rèn Nông Sơn, xóm Phia Chang, làng rèn Phúc Sen của người "
                                 "Nùng An; cán gỗ.",
                     ingredients="Thép, cán gỗ.", usage=_KNIFE_USAGE_VI, storage=_KNIFE_STORAGE_VI),
             en=dict(name="Phúc Sen forged knife – kitchen slicer", unit="piece",
                     description="A kitchen knife hand-forged at the Nông Sơn forge in Phia Chang hamlet, in the "
                                 "Nùng An blacksmiths' village of Phúc Sen; wooden handle.",
                     ingredients="Steel, wooden handle.", usage=_KNIFE_USAGE_EN, storage=_KNIFE_STORAGE_EN)),
    _product("lo-ren-nong-son-phuc-sen", "luu-niem-noi-that-trang-tri", "knife", 140_000, stock=20, weight_grams=650,
             net_quantity="≈ 30 cm",
             vi=dict(name="Dao rèn Phúc Sen – dao phát", unit="con",
                     description="Dao phát rèn tay của lò rèn Nông Sơn (Phúc Sen), dùng phát cây, chặt củi.",
                     ingredients="Thép, cán gỗ.", usage=_KNIFE_USAGE_VI, storage=_KNIFE_STORAGE_VI),
             en=dict(name="Phúc Sen forged knife – brush knife", unit="piece",
                     description="A hand-forged brush knife from the Nông Sơn forge (Phúc Sen), for clearing "
                                 "brush and splitting firewood.",
                     ingredients="Steel, wooden handle.", usage=_KNIFE_USAGE_EN, storage=_KNIFE_STORAGE_EN)),
    _product("htx-minh-tuan", "luu-niem-noi-that-trang-tri", "knife", 130_000, stock=30, weight_grams=400,
             net_quantity="≈ 22 cm",
             vi=dict(name="Dao Minh Tuấn – dao bếp", unit="con",
                     description="Dao bếp rèn tay của Hợp tác xã Minh Tuấn, làng rèn Phúc Sen.",
                     ingredients="Thép, cán gỗ.", usage=_KNIFE_USAGE_VI, storage=_KNIFE_STORAGE_VI),
             en=dict(name="Minh Tuấn kitchen knife", unit="piece",
                     description="A hand-forged kitchen knife from Minh Tuấn Cooperative in the Phúc Sen "
                                 "blacksmiths' village.",
                     ingredients="Steel, wooden handle.", usage=_KNIFE_USAGE_EN, storage=_KNIFE_STORAGE_EN)),
    _product("htx-minh-tuan", "luu-niem-noi-that-trang-tri", "axe", 150_000, stock=15, weight_grams=1_200,
             net_quantity="≈ 12 cm",
             vi=dict(name="Rìu rèn Minh Tuấn", unit="chiếc",
                     description="Rìu rèn tay của Hợp tác xã Minh Tuấn (Phúc Sen); ở làng, rìu có giá khoảng "
                                 "120.000–180.000 đồng.",
                     ingredients="Thép, cán gỗ.", usage=_KNIFE_USAGE_VI, storage=_KNIFE_STORAGE_VI),
             en=dict(name="Minh Tuấn forged axe", unit="piece",
                     description="A hand-forged axe from Minh Tuấn Cooperative (Phúc Sen); in the village axes "
                                 "cost about 120,000–180,000 đồng.",
                     ingredients="Steel, wooden handle.", usage=_KNIFE_USAGE_EN, storage=_KNIFE_STORAGE_EN)),
    _product("ho-lam-huong-phja-thap", "luu-niem-noi-that-trang-tri", "incense", 40_000, stock=100,
             weight_grams=300, net_quantity="≈ 300 g",
             vi=dict(name="Hương Phja Thắp – bó 100 nén", unit="bó",
                     description="Hương làm tay ở làng hương trăm tuổi Phja Thắp của người Nùng An.",
                     ingredients="Bột gỗ, bột vỏ cây, tăm tre.",
                     usage="Thắp nơi thoáng khí, xa vật dễ cháy và tầm tay trẻ em.",
                     storage="Để nơi khô ráo, tránh ẩm."),
             en=dict(name="Phja Thắp incense – bundle of 100 sticks", unit="bundle",
                     description="Incense made by hand in Phja Thắp, the century-old Nùng An incense village.",
                     ingredients="Wood powder, bark powder, bamboo sticks.",
                     usage="Burn in a ventilated place, away from flammable things and children.",
                     storage="Keep dry.")),
    # --- Du lịch cộng đồng (community tourism): experiences, not parcels ---
    _product("lans-homestay", "du-lich", "house", 250_000, stock=70,
             vi=dict(name="Lan's Homestay – nghỉ đêm gần thác Bản Giốc", unit="khách/đêm",
                     description="Một đêm nghỉ tại homestay của chị Hoàng Thị Lan ở xã Đàm Thủy, gần thác Bản "
                                 "Giốc; homestay đón tối đa 70 khách. Giá tính theo khách mỗi đêm.",
                     usage=_STAY_USAGE_VI),
             en=dict(name="Lan's Homestay – a night near Bản Giốc waterfall", unit="guest per night",
                     description="A night at Ms Hoàng Thị Lan's homestay in Đàm Thủy commune, near Bản Giốc "
                                 "waterfall; it welcomes up to 70 guests. Priced per guest per night.",
                     usage=_STAY_USAGE_EN)),
    _product("yen-nhi-ban-gioc-homestay", "du-lich", "stone_house", 1_000_000, stock=2,
             vi=dict(name="Homestay làng đá Khuổi Ky – phòng trong hang đá", unit="phòng/đêm",
                     description="Một đêm trong phòng nghỉ dựng trong hang đá của homestay Yến Nhi – Bản Giốc, "
                                 "làng đá Khuổi Ky. Giá tính theo phòng mỗi đêm.",
                     usage=_STAY_USAGE_VI),
             en=dict(name="Khuổi Ky stone-village homestay – cave room", unit="room per night",
                     description="A night in the room built inside a rock cave at Yến Nhi – Bản Giốc Homestay, "
                                 "Khuổi Ky stone village. Priced per room per night.",
                     usage=_STAY_USAGE_EN)),
    _product("yen-nhi-ban-gioc-homestay", "du-lich", "stone_house", 300_000, stock=20,
             vi=dict(name="Homestay làng đá Khuổi Ky – nghỉ nhà sàn đá", unit="khách/đêm",
                     description="Một đêm trong ngôi nhà sàn đá của người Tày ở làng Khuổi Ky, làng cổ truyền "
                                 "thống từ năm 2008. Giá tính theo khách mỗi đêm.",
                     usage=_STAY_USAGE_VI),
             en=dict(name="Khuổi Ky stone-village homestay – stone stilt house", unit="guest per night",
                     description="A night in a Tày stone stilt house in Khuổi Ky, a traditional village since "
                                 "2008. Priced per guest per night.",
                     usage=_STAY_USAGE_EN)),
    _product("me-farmstay", "du-lich", "house", 350_000, stock=20,
             vi=dict(name="Mế Farmstay – nghỉ đêm ở Nà Mạ", unit="khách/đêm",
                     description="Một đêm ở Mế Farmstay, xóm Nà Mạ, xã Trường Hà, gần khu di tích Pác Bó. Giá "
                                 "tính theo khách mỗi đêm.",
                     usage=_STAY_USAGE_VI),
             en=dict(name="Mế Farmstay – a night in Nà Mạ", unit="guest per night",
                     description="A night at Mế Farmstay in Nà Mạ hamlet, Trường Hà commune, near the Pác Bó "
                                 "relic site. Priced per guest per night.",
                     usage=_STAY_USAGE_EN)),
)


# Created last, in reverse, so that "newest first" (ties broken by id) opens on a mix of groups
# rather than on whatever the list ends with.
SHOWCASE = (
    "Lạp sườn hun khói Tâm Hòa – gói 500 g", "Khăn thổ cẩm Tày", "Trà Kolia Danh Trà – hộp 100 g",
    "Homestay làng đá Khuổi Ky – phòng trong hang đá", "Miến dong Tân Việt Á – gói 500 g",
    "Hạt dẻ Trùng Khánh – túi 1 kg", "Dao rèn Phúc Sen – dao thái", "Mật ong Đoàn Linh – chai 500 ml",
    "Trà giảo cổ lam – túi 100 g",
)


def creation_order(rows=PRODUCTS):
    """The products in the order to create them: the showcase last, its first item very last."""
    rank = {name: i for i, name in enumerate(SHOWCASE)}
    return sorted(rows, key=lambda row: -rank.get(row["content"]["vi"]["name"], len(SHOWCASE)))


def _year_only(year: int) -> date:
    """The facts give only the year: 15 December of it (see docs/SAMPLE_DATA.md)."""
    return date(year, 12, 15)


def _current(days_ago: int):
    """A certificate in force on the seeding day: the facts give the star level, not the dates
    of the latest (re)assessment, so the record is dated `days_ago` before the seeding day."""
    return lambda today: today - timedelta(days=days_ago)


# (number, stars, level, issued_on or a function of today, score, covered product vi names,
#  revoked reason or None, fictional?)
# Real products carry the star level the facts give, on a certificate in force (DESIGN §2: the
# expired and revoked examples are fictional). Only Tân Việt Á's first 3★ (2020), which the
# facts say was superseded by a 4★ in 2023, is kept as history and has expired.
CERTIFICATES = (
    # Facts: 3★ at province level (Hà Quảng). Dated to expire ~60 days after seeding, so the
    # demo producer's dashboard shows a renewal reminder.
    ("DEMO-CB-001", 3, "province", _current(1036), None,
     ("Rượu ngô Cải Vân – chai 500 ml", "Rượu ngô Cải Vân – bình 1 lít"), None, False),
    ("DEMO-CB-002", 3, "province", _current(700), None, ("Khẩu sli Nà Giàng – hộp 300 g",), None, False),
    ("DEMO-CB-003", 3, "province", _current(640), None, ("Mế Farmstay – nghỉ đêm ở Nà Mạ",), None, False),
    ("DEMO-CB-004", 4, "province", _current(560), None,
     ("Lan's Homestay – nghỉ đêm gần thác Bản Giốc",), None, False),
    ("DEMO-CB-005", 4, "province", _current(350), None, ("Lạp sườn hun khói Tâm Hòa – gói 500 g",), None, False),
    ("DEMO-CB-2020-001", 3, "province", _year_only(2020), None, ("Miến dong Tân Việt Á – gói 500 g",), None, False),
    ("DEMO-CB-006", 4, "province", _current(340), None,
     ("Miến dong Tân Việt Á – gói 500 g", "Miến dong Tân Việt Á – gói 1 kg"), None, False),
    ("DEMO-CB-007", 4, "province", _current(420), None, ("Trà Kolia Danh Trà – hộp 100 g",), None, False),
    ("DEMO-CB-008", 4, "province", _current(410), None, ("Trà Kolia Đỉnh Trà – hộp 100 g",), None, False),
    ("DEMO-CB-009", 3, "province", _current(800), None, ("Thạch đen Lê Thùy – hộp 500 g",), None, False),
    ("DEMO-CB-010", 3, "province", _current(300), None,
     ("Mật ong Đoàn Linh – chai 500 ml", "Mật ong Đoàn Linh – chai 1 lít"), None, False),
    ("DEMO-CB-011", 3, "province", _current(900), None, ("Gạo nếp hương Bảo Lạc – túi 2 kg",), None, False),
    ("DEMO-CB-012", 3, "province", _current(500), None,
     ("Dao rèn Phúc Sen – dao thái", "Dao rèn Phúc Sen – dao phát"), None, False),
    # Fictional samples, dated from the seeding day so they always show what they illustrate.
    ("DEMO-MAU-5-SAO", 5, "national", lambda today: today - timedelta(days=180), 91,
     ("Trà thảo mộc Phja Oắc (mẫu) – hộp 20 túi lọc",), None, True),
    ("DEMO-MAU-HET-HAN", 4, "province", lambda today: today - timedelta(days=3 * 365 + 120), 76,
     ("Mật ong hoa rừng (mẫu) – chai 500 ml",), None, True),
    ("DEMO-MAU-THU-HOI", 3, "province", lambda today: today - timedelta(days=300), 58,
     ("Tương ớt Bản Mẫu (mẫu) – chai 250 ml",),
     "Minh họa (hư cấu): thu hồi vì nhãn sản phẩm không đúng hồ sơ đã đánh giá. · Fictional example: revoked "
     "because the label did not match the assessed file.", True),
)


# The months a product or an experience is at its best (catalog/season.py), by Vietnamese name.
# Chestnuts: September–October, as the tourism issue gives it. The others are our own estimates,
# marked as such in docs/SAMPLE_DATA.md: arrowroot noodles are made in the dry months after the
# harvest (November–February, across the new year), and Bản Giốc waterfall is fullest at the end
# of the rainy season (September–November).
SEASONS = {
    "Hạt dẻ Trùng Khánh – túi 1 kg": (9, 10),
    "Miến dong Phja Đén – gói 500 g": (11, 2),
    "Lan's Homestay – nghỉ đêm gần thác Bản Giốc": (9, 11),
    "Homestay làng đá Khuổi Ky – phòng trong hang đá": (9, 11),
    "Homestay làng đá Khuổi Ky – nghỉ nhà sàn đá": (9, 11),
}
