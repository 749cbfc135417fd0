"""The printed form's fixed phrases in the form's own language (Vietnamese, English, French, German, Spanish,
Portuguese, Arabic, Bangla).

A questionnaire in English gets "Question 4", "Page 1/4" and English
instructions; one in Vietnamese keeps the wording Hướng dẫn 36-HD/VPTW
forms use. Any other language is printed with the English frame, the
lingua franca of the forms people share; `build` names the frame it used.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Language(StrEnum):
    vi = "vi"
    en = "en"
    fr = "fr"
    de = "de"
    es = "es"
    pt = "pt"
    ar = "ar"
    bn = "bn"


_CODES = {"vi": Language.vi, "vie": Language.vi, "en": Language.en, "eng": Language.en, "fr": Language.fr,
          "fra": Language.fr, "fre": Language.fr, "de": Language.de, "deu": Language.de, "ger": Language.de,
          "es": Language.es, "spa": Language.es, "pt": Language.pt, "por": Language.pt,
          "ar": Language.ar, "ara": Language.ar, "bn": Language.bn, "ben": Language.bn}
_NAMES = {"vi": Language.vi, "tiếng việt": Language.vi, "tieng viet": Language.vi, "vietnam": Language.vi,
          "fr": Language.fr, "français": Language.fr, "francais": Language.fr, "french": Language.fr,
          "de": Language.de, "deutsch": Language.de, "german": Language.de,
          "es": Language.es, "español": Language.es, "espanol": Language.es, "spanish": Language.es,
          "castellano": Language.es, "pt": Language.pt, "português": Language.pt, "portugues": Language.pt,
          "portuguese": Language.pt, "ar": Language.ar, "arabic": Language.ar, "العربية": Language.ar,
          "العربي": Language.ar, "عربي": Language.ar, "عربى": Language.ar, "bangla": Language.bn,
          "bengali": Language.bn, "বাংলা": Language.bn}


# words nearly every questionnaire in the language uses, and the others rarely: a plain `label` column's language
_COMMON_WORDS = {
    Language.en: {"the", "you", "your", "of", "and", "is", "what", "how", "did", "do", "in", "have", "other", "yes"},
    Language.fr: {"le", "la", "les", "des", "vous", "votre", "est", "et", "du", "une", "quel", "quelle", "autre",
                  "oui", "avez", "pour", "au"},
    Language.es: {"el", "la", "los", "las", "usted", "su", "es", "y", "del", "una", "qué", "cuál", "otro", "sí",
                  "para", "por", "en", "se"},
    Language.de: {"der", "die", "das", "und", "sie", "ihr", "ist", "wie", "nicht", "ein", "eine", "andere", "ja",
                  "mit", "für", "zu"},
    Language.pt: {"o", "os", "as", "do", "da", "dos", "das", "você", "sua", "seu", "é", "e", "não", "sim", "outro",
                  "qual", "quantos", "para", "em", "na", "no", "uma", "um"},
    Language.ar: {"في", "من", "هل", "ما", "على", "أو", "نعم", "لا", "أخرى", "إلى", "عن", "كم", "هذا", "التي", "الذي"},
}
_WORD = re.compile(r"[^\W\d_]+")

_VI_LETTERS = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

PHRASES: dict[Language, dict[str, str]] = {
    Language.vi: {
        "question": "Câu {n}",
        "part": "Phần {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Hướng dẫn: Đánh dấu X vào ô vuông tương ứng với ý kiến của mình (mỗi câu một ô, trừ câu ghi "
            "“có thể chọn nhiều ý”). Muốn thay đổi ý kiến, tô kín ô đã đánh dấu sai rồi đánh dấu X vào ô khác. "
            "Ý kiến khác xin ghi vào dòng để trống. Phiếu không cần ghi tên người trả lời."),
        "other": "Khác (ghi rõ)",
        "at_most": "Chọn tối đa {n} ý.",
        "rank": "Xếp hạng: ở mỗi hàng đánh dấu một ô, là thứ hạng của ý đó (1 là cao nhất); mỗi thứ hạng chỉ dùng một lần.",
        "several": "có thể chọn nhiều ý",
        "closing": "Xin trân trọng cảm ơn!",
        "page": "Trang {p}/{n}",
        "continued": "{title} (tiếp theo)",
        "example": "MẪU VÍ DỤ — thay bằng bảng hỏi do cấp trên ban hành trước khi in phát",
        "acknowledge": "Xác nhận",
        "exclusive": "Nếu chọn “{label}” thì không chọn ý khác.",
        "unit_question": "Đơn vị công tác hoặc xã, thị trấn nơi cư trú",  # the Google Form's unit question
        "unit_help": "Chọn chi bộ, đảng bộ nơi công tác (các đơn vị cùng một khối đứng liền nhau), hoặc xã, thị trấn "
                     "nơi cư trú.",
        "roster_untitled": "Danh sách “{first}”",  # online, a repeat with no label: by its first question
        "unasked": "không in trên giấy, biểu mẫu Google cũng không hỏi: chỉ thu được khi chính XLSForm này chạy trên công cụ giữ được các danh sách (repeat) của nó, như KoboToolbox hay ODK",  # build: what neither paper nor the Google Form asks (online_only.unasked)
        "blank_ref": "……",
        "row_no": "TT",
        "member": "Người thứ {n}",
        "entry": "số {n}",  # a roster block's row when its rows are not people: "Cảm biến — số 2" (roster_heads)
        "answer_ref": "(câu trả lời ở {q})",  # a `${field}` inside a label: what the phone would put there
        "see_ref": "(xem {q})",  # a `${field}` after a verb of telling ("Anh/chị đã chọn ${q}"): where it was said
        "roster_more": "Nếu cần nhiều hơn {n} dòng, ghi tiếp vào tờ rời kèm theo phiếu (ghi rõ {q}).",  # under a roster whose count may run past its rows
        "date_heads": "Ngày|Tháng|Năm",  # a date grid's day, month and year columns
        "decimal_point": ",",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Ghi mỗi chữ số vào một ô ở hàng trên rồi đánh dấu X vào ô có chữ số đó ở cột bên dưới.",  # a number or date grid without its own hint
        "number_between": "Nhập một số từ {low} đến {high}.",  # an online number item's range, from its constraint
        "number_at_least": "Nhập một số từ {low} trở lên.",
        "number_at_most": "Nhập một số không quá {high}.",
        "number_multiple": "Số phải là bội số của {by}.",  # an online number item's step (online_steps)
        "number_step": "Số phải theo bước {by}, tính từ {start}.",
    },
    Language.en: {
        "question": "Question {n}",
        "part": "Part {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Instructions: mark X in the box of your answer (one box per question, except where it says "
            "“choose all that apply”). To change an answer, fill the wrong box in completely and mark X in "
            "another. Write other answers on the blank lines. Do not write your name on this form."),
        "other": "Other (please specify)",
        "at_most": "Choose at most {n}.",
        "rank": "Rank them: in each row mark one box, that option's place (1 = first); use each place once.",
        "several": "choose all that apply",
        "closing": "Thank you!",
        "page": "Page {p}/{n}",
        "continued": "{title} (continued)",
        "example": "EXAMPLE — replace with the questionnaire issued before printing",
        "acknowledge": "OK",
        "exclusive": "If you choose “{label}”, choose nothing else.",
        "unit_question": "Your unit",
        "unit_help": "Choose your unit from the list.",
        "roster_untitled": "List of “{first}”",
        "unasked": "not printed and not asked by the Google Form: collected only where this XLSForm itself runs on a tool that holds its lists (repeats), such as KoboToolbox or ODK",
        "blank_ref": "……",
        "row_no": "No.",
        "member": "Member {n}",
        "entry": "no. {n}",
        "answer_ref": "(answer to {q})",
        "see_ref": "(see {q})",
        "roster_more": "If there are more than {n}, continue on a separate sheet attached to this form (marked {q}).",
        "date_heads": "Day|Month|Year",  # a date grid's day, month and year columns
        "decimal_point": ".",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Write one digit in each box of the top row, then mark X in the box with that digit in the column below.",  # a number or date grid without its own hint
        "number_between": "Enter a number from {low} to {high}.",  # an online number item's range, from its constraint
        "number_at_least": "Enter a number of at least {low}.",
        "number_at_most": "Enter a number of at most {high}.",
        "number_multiple": "The number must be a multiple of {by}.",
        "number_step": "The number must go in steps of {by} from {start}.",
    },
    Language.fr: {
        "question": "Question {n}",
        "part": "Partie {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Consignes : cochez d’une croix (X) la case de votre réponse (une case par question, sauf mention "
            "« plusieurs réponses possibles »). Pour changer de réponse, noircissez entièrement la case erronée puis "
            "cochez une autre case. Écrivez les autres réponses sur les lignes prévues. N’inscrivez pas votre nom."),
        "other": "Autre (précisez)",
        "at_most": "Au plus {n} réponses.",
        "rank": "Classez-les : dans chaque ligne, cochez une case, le rang de l’option (1 = premier) ; chaque rang une seule fois.",
        "several": "plusieurs réponses possibles",
        "closing": "Merci de votre participation !",
        "page": "Page {p}/{n}",
        "continued": "{title} (suite)",
        "example": "EXEMPLE — à remplacer par le questionnaire officiel avant impression",
        "acknowledge": "OK",
        "exclusive": "Si vous choisissez « {label} », ne choisissez rien d’autre.",
        "unit_question": "Votre unité",
        "unit_help": "Choisissez votre unité dans la liste.",
        "roster_untitled": "Liste « {first} »",
        "unasked": "ni imprimé ni demandé par le formulaire Google : recueilli seulement là où ce XLSForm tourne sur un outil qui gère ses listes (repeat), comme KoboToolbox ou ODK",
        "blank_ref": "……",
        "row_no": "N°",
        "member": "Personne {n}",
        "entry": "n° {n}",
        "answer_ref": "(réponse à la {q})",
        "see_ref": "(voir la {q})",
        "roster_more": "S'il y en a plus de {n}, continuez sur une feuille séparée jointe à ce formulaire (en indiquant {q}).",
        "date_heads": "Jour|Mois|Année",  # a date grid's day, month and year columns
        "decimal_point": ",",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Écrivez un chiffre par case de la ligne du haut, puis cochez d’une croix la case de ce chiffre dans la colonne en dessous.",  # a number or date grid without its own hint
        "number_between": "Saisissez un nombre de {low} à {high}.",  # an online number item's range, from its constraint
        "number_at_least": "Saisissez un nombre d’au moins {low}.",
        "number_at_most": "Saisissez un nombre d’au plus {high}.",
        "number_multiple": "Le nombre doit être un multiple de {by}.",
        "number_step": "Le nombre doit aller par pas de {by} à partir de {start}.",
    },
    Language.de: {
        "question": "Frage {n}",
        "part": "Teil {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Hinweise: Kreuzen Sie das Kästchen Ihrer Antwort an (ein Kästchen je Frage, außer wo "
            "„Mehrfachnennung möglich“ steht). Um eine Antwort zu ändern, malen Sie das falsche Kästchen ganz aus "
            "und kreuzen ein anderes an. Andere Antworten bitte auf die freien Zeilen schreiben. Bitte keinen "
            "Namen eintragen."),
        "other": "Sonstiges (bitte angeben)",
        "at_most": "Höchstens {n} Antworten.",
        "rank": "Ordnen Sie sie: in jeder Zeile ein Kästchen, den Rang der Option (1 = erster); jeden Rang nur einmal.",
        "several": "Mehrfachnennung möglich",
        "closing": "Vielen Dank!",
        "page": "Seite {p}/{n}",
        "continued": "{title} (Fortsetzung)",
        "example": "BEISPIEL — vor dem Druck durch den gültigen Fragebogen ersetzen",
        "acknowledge": "OK",
        "exclusive": "Wenn Sie „{label}“ wählen, wählen Sie nichts anderes.",
        "unit_question": "Ihre Einheit",
        "unit_help": "Wählen Sie Ihre Einheit aus der Liste.",
        "roster_untitled": "Liste „{first}“",
        "unasked": "weder gedruckt noch im Google-Formular gefragt: nur erfasst, wo dieses XLSForm selbst in einem Werkzeug läuft, das seine Listen (repeat) kennt, etwa KoboToolbox oder ODK",
        "blank_ref": "……",
        "row_no": "Nr.",
        "member": "Person {n}",
        "entry": "Nr. {n}",
        "answer_ref": "(Antwort auf {q})",
        "see_ref": "(siehe {q})",
        "roster_more": "Sind es mehr als {n}, auf einem gesonderten Blatt weiterschreiben und dem Bogen beilegen ({q} angeben).",
        "date_heads": "Tag|Monat|Jahr",  # a date grid's day, month and year columns
        "decimal_point": ",",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Schreiben Sie je eine Ziffer in ein Kästchen der oberen Reihe und kreuzen Sie darunter in der Spalte das Kästchen dieser Ziffer an.",  # a number or date grid without its own hint
        "number_between": "Geben Sie eine Zahl von {low} bis {high} ein.",  # an online number item's range, from its constraint
        "number_at_least": "Geben Sie eine Zahl von mindestens {low} ein.",
        "number_at_most": "Geben Sie eine Zahl von höchstens {high} ein.",
        "number_multiple": "Die Zahl muss ein Vielfaches von {by} sein.",
        "number_step": "Die Zahl muss in Schritten von {by} ab {start} liegen.",
    },
    Language.es: {
        "question": "Pregunta {n}",
        "part": "Parte {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Instrucciones: marque con una X la casilla de su respuesta (una casilla por pregunta, salvo donde diga "
            "«puede marcar varias»). Para cambiar una respuesta, rellene por completo la casilla equivocada y marque "
            "otra con una X. Escriba las demás respuestas en las líneas en blanco. No escriba su nombre."),
        "other": "Otro (especifique)",
        "at_most": "Marque como máximo {n}.",
        "rank": "Ordénelas: en cada fila marque una casilla, el puesto de la opción (1 = primero); cada puesto una sola vez.",
        "several": "puede marcar varias",
        "closing": "¡Muchas gracias!",
        "page": "Página {p}/{n}",
        "continued": "{title} (continuación)",
        "example": "EJEMPLO — sustitúyalo por el cuestionario oficial antes de imprimir",
        "acknowledge": "OK",
        "exclusive": "Si elige «{label}», no elija ninguna otra.",
        "unit_question": "Su unidad",
        "unit_help": "Elija su unidad de la lista.",
        "roster_untitled": "Lista «{first}»",
        "unasked": "ni impreso ni preguntado en el formulario de Google: solo se recoge donde este XLSForm se usa en una herramienta que admite sus listas (repeat), como KoboToolbox u ODK",
        "blank_ref": "……",
        "row_no": "N.º",
        "member": "Persona {n}",
        "entry": "n.º {n}",
        "answer_ref": "(respuesta a la {q})",
        "see_ref": "(ver la {q})",
        "roster_more": "Si hay más de {n}, continúe en una hoja aparte adjunta a este formulario (indicando {q}).",
        "date_heads": "Día|Mes|Año",  # a date grid's day, month and year columns
        "decimal_point": ",",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Escriba una cifra en cada casilla de la fila de arriba y marque con una X la casilla de esa cifra en la columna de abajo.",  # a number or date grid without its own hint
        "number_between": "Escriba un número de {low} a {high}.",  # an online number item's range, from its constraint
        "number_at_least": "Escriba un número de al menos {low}.",
        "number_at_most": "Escriba un número de como máximo {high}.",
        "number_multiple": "El número debe ser múltiplo de {by}.",
        "number_step": "El número debe ir en pasos de {by} desde {start}.",
    },
    Language.pt: {
        "question": "Pergunta {n}",
        "part": "Parte {p}",  # a part (section) named in a citation: "Câu 2 (Phần B)"
        "instructions": (
            "Instruções: marque com um X a caixa da sua resposta (uma caixa por pergunta, salvo onde diz «pode "
            "marcar várias»). Para mudar uma resposta, preencha por completo a caixa errada e marque outra com um X. "
            "Escreva as outras respostas nas linhas em branco. Não escreva o seu nome."),
        "other": "Outro (especifique)",
        "at_most": "Marque no máximo {n}.",
        "rank": "Ordene-as: em cada linha marque uma quadrícula, a posição da opção (1 = primeira); cada posição uma só vez.",
        "several": "pode marcar várias",
        "closing": "Muito obrigado!",
        "page": "Página {p}/{n}",
        "continued": "{title} (continuação)",
        "example": "EXEMPLO — substitua-o pelo questionário oficial antes de imprimir",
        "acknowledge": "OK",
        "exclusive": "Se escolher «{label}», não escolha nenhuma outra.",
        "unit_question": "A sua unidade",
        "unit_help": "Escolha a sua unidade na lista.",
        "roster_untitled": "Lista «{first}»",
        "unasked": "nem impresso nem perguntado no formulário Google: só é recolhido onde este XLSForm corre numa ferramenta que aceita as suas listas (repeat), como KoboToolbox ou ODK",
        "blank_ref": "……",
        "row_no": "N.º",
        "member": "Pessoa {n}",
        "entry": "n.º {n}",
        "answer_ref": "(resposta à {q})",
        "see_ref": "(ver a {q})",
        "roster_more": "Se houver mais de {n}, continue numa folha separada anexada a este formulário (indicando {q}).",
        "date_heads": "Dia|Mês|Ano",  # a date grid's day, month and year columns
        "decimal_point": ",",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "Escreva um algarismo em cada caixa da linha de cima e marque com um X a caixa desse algarismo na coluna de baixo.",  # a number or date grid without its own hint
        "number_between": "Escreva um número de {low} a {high}.",  # an online number item's range, from its constraint
        "number_at_least": "Escreva um número de pelo menos {low}.",
        "number_at_most": "Escreva um número de no máximo {high}.",
        "number_multiple": "O número deve ser múltiplo de {by}.",
        "number_step": "O número deve ir em passos de {by} a partir de {start}.",
    },
    Language.ar: {  # Modern Standard Arabic; a right-to-left frame (fonts_rtl orders each line)
        "question": "السؤال {n}",
        "part": "الجزء {p}",
        "instructions": (
            "التعليمات: ضع علامة X في مربع إجابتك (مربع واحد لكل سؤال، إلا حيث يُذكر «يمكن اختيار أكثر من إجابة»). "
            "لتغيير إجابة، املأ المربع الخاطئ بالكامل ثم ضع علامة X في مربع آخر. اكتب الإجابات الأخرى على الأسطر "
            "الفارغة. لا تكتب اسمك على هذه الاستمارة."),
        "other": "أخرى (حدّد)",
        "at_most": "اختر {n} على الأكثر.",
        "rank": "رتّبها: في كل صف ضع علامة في خانة واحدة هي ترتيب الخيار (1 = الأول)؛ استخدم كل ترتيب مرة واحدة.",
        "several": "يمكن اختيار أكثر من إجابة",
        "closing": "شكراً جزيلاً!",
        "page": "الصفحة {p}/{n}",
        "continued": "{title} (تابع)",
        "example": "نموذج للتوضيح — استبدله بالاستبيان الرسمي قبل الطباعة",
        "acknowledge": "موافق",
        "exclusive": "إذا اخترت «{label}» فلا تختر أي إجابة أخرى.",
        "unit_question": "وحدتك",
        "unit_help": "اختر وحدتك من القائمة.",
        "roster_untitled": "قائمة «{first}»",
        "unasked": "لا يُطبع ولا يُسأل في نموذج Google: يُجمع فقط حيث يعمل هذا الـ XLSForm في أداة تقبل قوائمه المتكررة (repeat)، مثل KoboToolbox أو ODK",
        "blank_ref": "……",
        "row_no": "الرقم",
        "member": "الفرد {n}",
        "entry": "رقم {n}",
        "answer_ref": "(الإجابة عن {q})",
        "see_ref": "(انظر {q})",
        "roster_more": "إذا كان العدد أكثر من {n}، فأكمل على ورقة منفصلة تُرفق بهذه الاستمارة (مع ذكر {q}).",
        "date_heads": "اليوم|الشهر|السنة",  # a date grid's day, month and year columns
        "decimal_point": ".",  # printed between a decimal grid's whole and fraction columns
        "full_stop": ".",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "اكتب رقماً واحداً في كل مربع من السطر العلوي، وضع علامة X في مربع ذلك الرقم في العمود أدناه.",
        "number_between": "اكتب عدداً من {low} إلى {high}.",  # an online number item's range, from its constraint
        "number_at_least": "اكتب عدداً لا يقل عن {low}.",
        "number_at_most": "اكتب عدداً لا يزيد على {high}.",
        "number_multiple": "يجب أن يكون العدد من مضاعفات {by}.",
        "number_step": "يجب أن يتدرج العدد بخطوات قدرها {by} بدءاً من {start}.",
    },
    Language.bn: {  # standard Bangla as Bangladesh writes it; digits stay 0-9, as the grids are read in them
        "question": "প্রশ্ন {n}",
        "part": "অংশ {p}",
        "instructions": (
            "নির্দেশনা: আপনার উত্তরের ঘরে X চিহ্ন দিন (প্রতিটি প্রশ্নে একটি ঘর, তবে যেখানে “একাধিক উত্তর বেছে "
            "নেওয়া যাবে” লেখা আছে সেখানে ছাড়া)। উত্তর বদলাতে চাইলে ভুল ঘরটি পুরোপুরি ভরাট করে অন্য ঘরে X চিহ্ন "
            "দিন। অন্যান্য উত্তর ফাঁকা লাইনে লিখুন। এই ফর্মে আপনার নাম লিখবেন না।"),
        "other": "অন্যান্য (উল্লেখ করুন)",
        "at_most": "সর্বোচ্চ {n}টি বেছে নিন।",
        "several": "একাধিক উত্তর বেছে নেওয়া যাবে",
        "closing": "ধন্যবাদ!",
        "page": "পৃষ্ঠা {p}/{n}",
        "continued": "{title} (চলমান)",
        "example": "নমুনা — ছাপার আগে অনুমোদিত প্রশ্নপত্র দিয়ে বদলে নিন",
        "acknowledge": "ঠিক আছে",
        "exclusive": "“{label}” বেছে নিলে অন্য কিছু বেছে নেবেন না।",
        "unit_question": "আপনার ইউনিট",
        "unit_help": "তালিকা থেকে আপনার ইউনিট বেছে নিন।",
        "roster_untitled": "“{first}”-এর তালিকা",
        "unasked": "ছাপা হয় না, Google Form-এও জিজ্ঞাসা করা হয় না: কেবল যেখানে এই XLSForm নিজেই এমন কোনো টুলে চলে যা এর তালিকা (repeat) রাখতে পারে, যেমন KoboToolbox বা ODK, সেখানেই সংগ্রহ করা হয়",
        "blank_ref": "……",
        "row_no": "নং",
        "member": "সদস্য {n}",
        "entry": "নং {n}",
        "answer_ref": "({q}-এর উত্তর)",
        "see_ref": "({q} দেখুন)",
        "roster_more": "{n}টির বেশি হলে এই ফর্মের সঙ্গে যুক্ত আলাদা কাগজে লিখুন ({q} উল্লেখ করে)।",
        "date_heads": "দিন|মাস|বছর",  # a date grid's day, month and year columns
        "decimal_point": ".",  # printed between a decimal grid's whole and fraction columns
        "full_stop": "।",  # ends a sentence the Google Form adds to a help text
        "digit_grid": "ওপরের সারির প্রতিটি ঘরে একটি করে অঙ্ক লিখুন, তারপর নিচের কলামে সেই অঙ্কের ঘরে X চিহ্ন দিন।",
        "number_between": "{low} থেকে {high}-এর মধ্যে একটি সংখ্যা লিখুন।",  # an online number item's range
        "number_at_least": "{low} বা তার বেশি একটি সংখ্যা লিখুন।",
        "number_at_most": "{high} বা তার কম একটি সংখ্যা লিখুন।",
        "number_multiple": "সংখ্যাটি {by}-এর গুণিতক হতে হবে।",
        "number_step": "সংখ্যাটি {start} থেকে {by} করে বাড়তে হবে।",
        "rank": "ক্রম দিন: প্রতিটি সারিতে একটি ঘরে X চিহ্ন দিন, সেটিই ওই বিকল্পের স্থান (1 = প্রথম); প্রতিটি স্থান একবারই ব্যবহার করুন।",
    },
}


def phrase(language: str, key: str, **values: object) -> str:
    table = PHRASES.get(Language(language) if language in Language.__members__ else Language.en, PHRASES[Language.en])
    return table[key].format(**values)


FRAME_NAMES = {Language.vi: "tiếng Việt / Vietnamese", Language.en: "tiếng Anh / English",
               Language.fr: "tiếng Pháp / French", Language.de: "tiếng Đức / German",
               Language.es: "tiếng Tây Ban Nha / Spanish", Language.pt: "tiếng Bồ Đào Nha / Portuguese",
               Language.ar: "tiếng Ả Rập / Arabic", Language.bn: "tiếng Bengal / Bangla"}
_FRAME_WORDS = {"english": Language.en, "tiếng anh": Language.en, "tieng anh": Language.en,
                "vietnamese": Language.vi, "tiếng pháp": Language.fr, "tiếng đức": Language.de,
                "tiếng tây ban nha": Language.es, "tiếng bồ đào nha": Language.pt, "tiếng ả rập": Language.ar,
                "tiếng bengal": Language.bn, "tiếng bangla": Language.bn}


def frame_named(name: str) -> Language | None:
    """The frame a user names (settings `frame_language`, `build --frame`): a code ("en"), a name in the
    language itself, in English or in Vietnamese ("Français", "French", "tiếng Pháp"); None for any other."""
    n = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    code = re.search(r"\(([a-z]{2,3})(?:[-_][a-z0-9]+)?\)\s*$", n)
    if code:
        return _CODES.get(code.group(1))
    return _CODES.get(n) or _NAMES.get(n) or _FRAME_WORDS.get(n)


def has_frame(name: str) -> bool:
    """Whether a label language ("Indonesian (id)", "Kiswahili") has frame phrases of its own: the others are
    printed with the English frame."""
    n = name.casefold().strip()
    return frame_named(n) is not None or frame_named(n.split("(")[0].strip()) is not None


def language_code(name: str, sample: str = "") -> Language:
    """The printed frame's language for a label language ("Vietnamese (vi)", "English (en)", "default", "Français").

    "default" (a plain `label` column) is judged from the labels themselves:
    Vietnamese letters mean Vietnamese."""
    n = unicodedata.normalize("NFC", name).casefold().strip()  # "Tiếng Việt" typed on a Mac is decomposed
    sample = unicodedata.normalize("NFC", sample)
    code = re.search(r"\(([a-z]{2,3})(?:[-_][a-z0-9]+)?\)\s*$", n)
    if code:
        return _CODES.get(code.group(1), Language.en)
    word = n.split("(")[0].strip()
    if word in _NAMES or n.startswith(("tiếng việt", "vietnam")):
        return _NAMES.get(word, Language.vi)
    if n in ("", "default"):
        return Language.vi if _vietnamese(sample) else guess_language(sample)
    return Language.en


def _vietnamese(sample: str) -> bool:
    """Labels in Vietnamese: about half their words carry a letter only Vietnamese has (“Hộ có làm nông nghiệp
    không?”); one place name among English words (“Which province? e.g. Đắk Lắk”) does not make them so."""
    words = _WORD.findall(unicodedata.normalize("NFC", sample))  # decomposed, "ộ" would split the word
    marked = sum(bool(_VI_LETTERS.search(w)) for w in words)
    return marked > 0 and (len(words) < 5 or marked >= 0.2 * len(words))


def guess_language(sample: str) -> Language:
    """The language of labels written in no named column: the one whose common words they use most (English
    when none stands out), so a questionnaire written in French alone gets the French frame."""
    if _bangla(sample):
        return Language.bn
    words = [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", sample))]
    if len(words) < 20:
        return Language.en
    score = {lang: sum(w in common for w in words) for lang, common in _COMMON_WORDS.items()}
    best = max(score, key=score.__getitem__)
    return best if score[best] >= 1.2 * max([v for k, v in score.items() if k != best] or [0]) else Language.en


def _bangla(sample: str) -> bool:
    """Labels in Bangla: most of their letters in the Bengali script (its vowel signs are no letters to `\\w`, so its
    words cannot be counted as the others' are), without Assamese's own ৰ and ৱ."""
    letters = [c for c in sample if c.isalpha()]
    bengali = sum("\u0980" <= c <= "\u09ff" for c in letters)
    return bengali * 2 > len(letters) > 0 and not re.search("[\u09f0\u09f1]", sample)


def words_are_english(sample: str) -> bool:
    """Whether English is what the labels' words show, not only what `guess_language` falls back to (an
    Indonesian or Swahili form uses none of the common words): `build` then says the frame is a fallback."""
    words = [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", sample))]
    return sum(w in _COMMON_WORDS[Language.en] for w in words) >= max(1, 0.03 * len(words))


def row_letter(i: int) -> str:
    """A grid row's letter as printed after the grid's number: a..z, then aa, ab, … (a grid may have 26+ rows)."""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(97 + r) + letters
    return letters
