"""Generate resources/drug_classes.jsonl and resources/drugs.jsonl from the compact tables below.

    python annotations/tools/make_drugs.py

Classes: id | name | parents | ATC | synonyms (;-separated). Drugs: name | class ids (,-separated) | ATC codes
(,-separated) | synonyms (;-separated: brand and code names, spelling variants).
"""

import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "trialcriteria" / "resources"

CLASSES = """
anticancer|anticancer agents||L01|antineoplastic agents;antineoplastics;anticancer therapy;anticancer treatment;anti-cancer therapy;anti-cancer treatment;anticancer drugs;antitumor therapy;anti-tumor therapy;systemic anticancer therapy;systemic anti-cancer therapy;cancer therapy
chemotherapy|chemotherapy|anticancer||chemotherapies;cytotoxic chemotherapy;cytotoxic agents;cytotoxic drugs;systemic chemotherapy;chemotherapeutic agents;chemo
kinase_inhibitors|kinase inhibitors|anticancer|L01E|protein kinase inhibitors;small molecule kinase inhibitors;small molecular kinase inhibitor;small molecule kinase inhibitor;small-molecule kinase inhibitors;kinase inhibitor
tki|tyrosine kinase inhibitors|kinase_inhibitors|L01E|TKI;TKIs;tyrosine kinase inhibitor;tyrosine-kinase inhibitors
vegfr_tki|vegfr tyrosine kinase inhibitors|tki,anti_angiogenic||VEGFR TKI;VEGFR TKIs;VEGFR inhibitors;VEGFR-TKI;VEGF receptor inhibitors
multikinase|multi-kinase inhibitors|tki||multikinase inhibitors;multi-targeted kinase inhibitors;multitargeted tyrosine kinase inhibitors
egfr_tki|egfr tyrosine kinase inhibitors|tki|L01EB|EGFR TKI;EGFR-TKI;EGFR TKIs;EGFR inhibitors
alk_inhibitors|alk inhibitors|tki|L01ED|ALK inhibitor;ALK TKI
bcr_abl|bcr-abl tyrosine kinase inhibitors|tki|L01EA|BCR-ABL inhibitors;BCR-ABL TKI
btk_inhibitors|btk inhibitors|tki|L01EL|Bruton tyrosine kinase inhibitors;BTK inhibitor
met_inhibitors|met inhibitors|tki||MET inhibitor;c-MET inhibitors
cdk46|cdk4/6 inhibitors|kinase_inhibitors|L01EF|CDK4/6 inhibitor;CDK 4/6 inhibitors
mtor_inhibitors|mtor inhibitors|kinase_inhibitors,immunosuppressants|L01EG|mTOR inhibitor;mammalian target of rapamycin inhibitors;rapalogs
pi3k_inhibitors|pi3k inhibitors|kinase_inhibitors|L01EM|PI3K inhibitor
mek_inhibitors|mek inhibitors|kinase_inhibitors|L01EE|MEK inhibitor
braf_inhibitors|braf inhibitors|kinase_inhibitors|L01EC|BRAF inhibitor
jak_inhibitors|jak inhibitors|kinase_inhibitors,immunosuppressants|L04AF|JAK inhibitor;Janus kinase inhibitors
parp_inhibitors|parp inhibitors|anticancer|L01XK|PARP inhibitor;poly(ADP-ribose) polymerase inhibitors
monoclonal_antibodies|monoclonal antibodies|||monoclonal antibody;mAbs;mAb;therapeutic antibodies
anticancer_antibodies|anticancer antibodies|anticancer,monoclonal_antibodies|L01F|anticancer antibody;anti-cancer antibodies;antitumor antibodies
anti_angiogenic|anti-angiogenic agents|anticancer||antiangiogenic agents;angiogenesis inhibitors;anti-VEGF agents;anti-VEGF therapy;VEGF inhibitors;anti-VEGF
anti_vegf_antibodies|anti-vegf antibodies|anti_angiogenic,anticancer_antibodies||anti-VEGF antibodies;anti-VEGF monoclonal antibodies
anti_egfr_antibodies|anti-egfr antibodies|anticancer_antibodies|L01FE|anti-EGFR antibody;anti-EGFR monoclonal antibodies
anti_her2|anti-her2 agents|anticancer||HER2-targeted therapy;HER2-directed therapy;anti-HER2 therapy;HER2 inhibitors
checkpoint_inhibitors|immune checkpoint inhibitors|immunotherapy,anticancer_antibodies||checkpoint inhibitors;immune checkpoint inhibitor;ICI;ICIs;immune checkpoint blockade;checkpoint inhibitor
pd1_inhibitors|pd-1 inhibitors|checkpoint_inhibitors|L01FF|anti-PD-1;anti-PD-1 antibodies;PD-1 inhibitor;anti-PD1;PD-1 blockers
pdl1_inhibitors|pd-l1 inhibitors|checkpoint_inhibitors|L01FF|anti-PD-L1;anti-PD-L1 antibodies;PD-L1 inhibitor;anti-PDL1
ctla4_inhibitors|ctla-4 inhibitors|checkpoint_inhibitors|L01FX|anti-CTLA-4;anti-CTLA-4 antibodies;CTLA-4 inhibitor
lag3_inhibitors|lag-3 inhibitors|checkpoint_inhibitors||anti-LAG-3;LAG-3 inhibitor
immunotherapy|immunotherapy|anticancer||immune therapy;immunotherapies;cancer immunotherapy;immuno-oncology agents
adc|antibody-drug conjugates|anticancer_antibodies||ADC;ADCs;antibody drug conjugates;antibody-drug conjugate;ADC drugs
trop2_adc|trop2-directed antibody-drug conjugates|adc||TROP2 ADC;TROP2-ADC;TROP2-targeted agents;TROP2 ADCs;TROP-2 directed ADCs
topo1_adc|topoisomerase i inhibitor-containing adcs|adc||topoisomerase I inhibitor-containing ADCs;topoisomerase I inhibitor ADCs
topoisomerase_inhibitors|topoisomerase inhibitors|chemotherapy||topoisomerase inhibitor
topo1_inhibitors|topoisomerase i inhibitors|topoisomerase_inhibitors|L01CE|topoisomerase I inhibitor;camptothecins;camptothecin analogues;camptothecin analogs
topo2_inhibitors|topoisomerase ii inhibitors|topoisomerase_inhibitors|L01CB|topoisomerase II inhibitor;epipodophyllotoxins
alkylating_agents|alkylating agents|chemotherapy|L01A|alkylating agent;alkylating chemotherapy
platinum|platinum compounds|alkylating_agents|L01XA|platinum;platinum-based chemotherapy;platinum based chemotherapy;platinum agents;platinum salts;platinum-containing chemotherapy;platinum doublet;platinum-based therapy;platinum-based regimens
nitrosoureas|nitrosoureas|alkylating_agents|L01AD|nitrosourea
antimetabolites|antimetabolites|chemotherapy|L01B|antimetabolite
pyrimidine_analogues|pyrimidine analogues|antimetabolites|L01BC|fluoropyrimidines;fluoropyrimidine;pyrimidine analogs
purine_analogues|purine analogues|antimetabolites|L01BB|purine analogs
folate_antagonists|folic acid analogues|antimetabolites|L01BA|antifolates;folate antagonists
taxanes|taxanes|chemotherapy|L01CD|taxane
vinca_alkaloids|vinca alkaloids|chemotherapy|L01CA|vinca alkaloid
anthracyclines|anthracyclines|chemotherapy,topo2_inhibitors|L01DB|anthracycline
hormonal_therapy|hormonal therapies|anticancer|L02|hormonal therapy;endocrine therapy;hormone therapy;endocrine therapies
antiandrogens|antiandrogens|hormonal_therapy|L02BB|anti-androgens;androgen receptor inhibitors;androgen receptor antagonists
aromatase_inhibitors|aromatase inhibitors|hormonal_therapy|L02BG|aromatase inhibitor
serm|selective estrogen receptor modulators|hormonal_therapy|L02BA|SERM;SERMs
serd|selective estrogen receptor degraders|hormonal_therapy|L02BA|SERD;SERDs
gnrh|gnrh analogues|hormonal_therapy|L02AE|GnRH agonists;GnRH analogs;LHRH agonists;LHRH analogues;gonadotropin-releasing hormone analogues
ssa|somatostatin analogues|hormonal_therapy|H01CB|somatostatin analogs;somatostatin analogue;somatostatin analog;SSA;SSAs;long-acting somatostatin analogues
radiopharmaceuticals|radiopharmaceuticals|anticancer|V10|radioligands;radioligand therapy;radionuclides;radionuclide therapy;peptide receptor radionuclide therapy;PRRT;radiopharmaceutical;radioligand
immunomodulatory_drugs|immunomodulatory drugs|anticancer|L04AX|IMiDs;IMiD;immunomodulatory agents
proteasome_inhibitors|proteasome inhibitors|anticancer|L01XG|proteasome inhibitor
interferons|interferons|immunotherapy|L03AB|interferon;IFN
bcl2_inhibitors|bcl-2 inhibitors|anticancer|L01XX|BCL-2 inhibitor
hypomethylating|hypomethylating agents|antimetabolites||hypomethylating agent;HMA;HMAs;demethylating agents
menin_inhibitors|menin inhibitors|anticancer||menin inhibitor
investigational|investigational agents|||investigational drug;investigational drugs;investigational agent;investigational product;investigational products;investigational medicinal product;experimental drug;experimental drugs;experimental therapy;investigational therapy;investigational treatment;study drug under investigation;experimental agents
anticoagulants|anticoagulants||B01A|anticoagulant;anticoagulation;anticoagulant therapy;anticoagulant treatment;oral anticoagulants;therapeutic anticoagulation;blood thinners
vka|coumarins|anticoagulants|B01AA|coumarin agents;coumarin;coumarin derivatives;coumarin-derivative anticoagulants;vitamin K antagonists;vitamin K antagonist;VKA;VKAs;warfarin-containing agents
dti|direct thrombin inhibitors|anticoagulants|B01AE|direct thrombin inhibitor
fxa_inhibitors|direct factor xa inhibitors|anticoagulants|B01AF|factor Xa inhibitors;factor Xa inhibitor;direct factor Xa inhibitor;anti-Xa agents;oral factor Xa inhibitors
doac|direct oral anticoagulants|anticoagulants||DOAC;DOACs;NOAC;NOACs;novel oral anticoagulants;new oral anticoagulants
heparins|heparins|anticoagulants|B01AB|heparin group;heparin products
lmwh|low molecular weight heparins|heparins|B01AB|low molecular weight heparin;low-molecular-weight heparin;low-molecular-weight heparins;LMWH;LMWHs;low-dose low molecular weight heparins
ufh|unfractionated heparin|heparins|B01AB|UFH
antiplatelets|antiplatelet agents||B01AC|antiplatelet agent;antiplatelet therapy;antiplatelet drugs;platelet inhibitors;platelet aggregation inhibitors;anti-platelet agents;antiplatelets;platelet inhibitor
p2y12|p2y12 inhibitors|antiplatelets||P2Y12 inhibitor;thienopyridines
strong_cyp3a4_inhibitors|strong cyp3a4 inhibitors|cyp3a4_inhibitors||strong CYP3A4 inhibitor;strong inhibitors of CYP3A4;strong inhibitors of cytochrome P450 3A4;strong CYP3A inhibitors;potent CYP3A4 inhibitors;strong inhibitors of CYP3A;strong CYP3A4/5 inhibitors
moderate_cyp3a4_inhibitors|moderate cyp3a4 inhibitors|cyp3a4_inhibitors||moderate CYP3A4 inhibitor;moderate inhibitors of CYP3A4;moderate CYP3A inhibitors
cyp3a4_inhibitors|cyp3a4 inhibitors|||CYP3A4 inhibitor;CYP3A inhibitors;inhibitors of CYP3A4;cytochrome P450 3A4 inhibitors
strong_cyp3a4_inducers|strong cyp3a4 inducers|cyp3a4_inducers||strong CYP3A4 inducer;strong inducers of CYP3A4;strong inducers of cytochrome P450 3A4;strong CYP3A inducers;potent CYP3A4 inducers;strong inducers of CYP3A
moderate_cyp3a4_inducers|moderate cyp3a4 inducers|cyp3a4_inducers||moderate CYP3A4 inducer;moderate inducers of CYP3A4;moderate CYP3A inducers
cyp3a4_inducers|cyp3a4 inducers|||CYP3A4 inducer;CYP3A inducers;inducers of CYP3A4;cytochrome P450 3A4 inducers
pgp_inhibitors|p-glycoprotein inhibitors|||P-gp inhibitors;P-gp inhibitor;Pgp inhibitors;inhibitors of P-glycoprotein;P-glycoprotein inhibitor
qt_prolonging|qt-prolonging drugs|||QT prolonging drugs;QT-prolonging medications;QT prolonging medications;drugs known to prolong the QT interval;drugs that prolong the QT interval;medications known to prolong the QTc interval;QTc prolonging drugs;QT prolonging agents
corticosteroids|corticosteroids||H02AB|corticosteroid;steroids;steroid;glucocorticoids;glucocorticoid;steroid therapy;corticosteroid therapy;corticosteroid treatment
systemic_corticosteroids|systemic corticosteroids|corticosteroids|H02AB|systemic steroids;systemic corticosteroid;systemic glucocorticoids;oral corticosteroids;oral steroids;intravenous corticosteroids
inhaled_corticosteroids|inhaled corticosteroids|corticosteroids|R03BA|inhaled steroids;inhaled corticosteroid;ICS
topical_corticosteroids|topical corticosteroids|corticosteroids|D07A|topical steroids;topical corticosteroid
immunosuppressants|immunosuppressants||L04A|immunosuppressive medication;immunosuppressive medications;immunosuppressive agents;immunosuppressive therapy;immunosuppressive drugs;immunosuppressant;immunosuppressive treatment;immunomodulatory therapy
calcineurin_inhibitors|calcineurin inhibitors|immunosuppressants|L04AD|calcineurin inhibitor;CNI;CNIs
tnf_inhibitors|tnf inhibitors|immunosuppressants,monoclonal_antibodies|L04AB|TNF-alpha inhibitors;anti-TNF agents;anti-TNF therapy;TNF blockers;TNF alpha inhibitors
il6_inhibitors|interleukin-6 inhibitors|immunosuppressants|L04AC|IL-6 inhibitors;anti-IL-6 agents
vaccines|vaccines||J07|vaccination;vaccinations;immunization
live_vaccines|live vaccines|vaccines||live vaccine;live attenuated vaccines;live attenuated vaccine;live-virus vaccines;live virus vaccines;live vaccination;live-attenuated vaccines
inactivated_vaccines|inactivated vaccines|vaccines||inactivated vaccine;non-live vaccines;killed vaccines
gcsf|granulocyte colony-stimulating factors|hematopoietic_growth_factors|L03AA|G-CSF;G-CSFs;granulocyte colony-stimulating factor;granulocyte colony stimulating factor;colony-stimulating factors;colony stimulating factors;granulocyte-colony stimulating factor;granulocyte colony-stimulating factor support
esa|erythropoiesis-stimulating agents|hematopoietic_growth_factors|B03XA|ESA;ESAs;erythropoiesis stimulating agents;erythropoietic agents
hematopoietic_growth_factors|hematopoietic growth factors|||growth factors;hematopoietic growth factor;growth factor support;haematopoietic growth factors
tpo_agonists|thrombopoietin receptor agonists|hematopoietic_growth_factors|B02BX|TPO receptor agonists;TPO-RAs;thrombopoietin mimetics
nsaids|nonsteroidal anti-inflammatory drugs||M01A|NSAIDs;NSAID;non-steroidal anti-inflammatories;nonsteroidal anti-inflammatories;non-steroidal anti-inflammatory drugs;nonsteroidal anti-inflammatory drug;non-steroidal anti-inflammatory drug
ppi|proton pump inhibitors||A02BC|PPI;PPIs;proton pump inhibitor
h2_blockers|h2 receptor antagonists||A02BA|H2 blockers;H2-receptor antagonists;H2 antagonists
bone_agents|bone-modifying agents|||bone modifying agents;bone-targeted agents;antiresorptive agents
bisphosphonates|bisphosphonates|bone_agents|M05BA|bisphosphonate
rankl_inhibitors|rankl inhibitors|bone_agents|M05BX|RANKL inhibitor;anti-RANKL
antiretrovirals|antiretrovirals||J05AR|antiretroviral therapy;antiretroviral drugs;cART;HAART;antiretroviral agents;antiretroviral medications
hiv_protease_inhibitors|hiv protease inhibitors|antiretrovirals|J05AE|protease inhibitors;HIV protease inhibitor
antivirals|antivirals||J05|antiviral therapy;antiviral agents;antiviral drugs;antiviral treatment
azole_antifungals|azole antifungals|antifungals|J02AC|azole antifungal;azoles;triazole antifungals;triazoles
antifungals|antifungals||J02|antifungal agents;antifungal therapy;antifungal
macrolides|macrolide antibiotics|antibiotics|J01FA|macrolides;macrolide
antibiotics|antibiotics||J01|antibiotic;antibiotherapy;antibacterials;antibacterial agents;antibiotic therapy;antimicrobials;anti-infective therapy;anti-infectives;systemic anti-infective therapy
rifamycins|rifamycins|antibiotics|J04AB|rifamycin
anticonvulsants|anticonvulsants||N03A|antiepileptic drugs;antiepileptics;AEDs;antiepileptic drug;anti-seizure medications;anticonvulsant;enzyme-inducing antiepileptic drugs;EIAEDs;enzyme-inducing anticonvulsants
opioids|opioids||N02A|opioid;opiates;opioid analgesics;narcotics
antidiabetics|antidiabetic drugs||A10|antidiabetic agents;antidiabetic medications;glucose-lowering drugs;hypoglycemic agents;oral hypoglycemic agents;diabetes medications
insulins|insulins|antidiabetics|A10A|insulin therapy;insulin treatment
sglt2|sglt2 inhibitors|antidiabetics|A10BK|SGLT2 inhibitor;SGLT-2 inhibitors;gliflozins
glp1|glp-1 receptor agonists|antidiabetics|A10BJ|GLP-1 RA;GLP-1 RAs;GLP-1 agonists;GLP-1 receptor agonist;GLP-1 analogues;GLP-1 analogs
dpp4|dpp-4 inhibitors|antidiabetics|A10BH|DPP-4 inhibitor;DPP4 inhibitors;DPP-IV inhibitors;DPP-IV inhibitor;gliptins
sulfonylureas|sulfonylureas|antidiabetics|A10BB|sulfonylurea;sulphonylureas
statins|statins|lipid_lowering|C10AA|statin;HMG-CoA reductase inhibitors
antihypertensives|antihypertensives||C02|antihypertensive drugs;antihypertensive medication;antihypertensive medications;antihypertensive therapy;antihypertensive agents;antihypertensive treatment;blood pressure medications
ace_inhibitors|ace inhibitors|antihypertensives|C09A|ACE inhibitor;ACEi;angiotensin-converting enzyme inhibitors
arbs|angiotensin receptor blockers|antihypertensives|C09C|ARB;ARBs;angiotensin II receptor blockers;sartans
beta_blockers|beta blockers|antihypertensives|C07|beta-blockers;beta blocker;β-blockers;beta-adrenergic blockers
ccb|calcium channel blockers|antihypertensives|C08|calcium channel blocker;calcium antagonists;CCB;CCBs
diuretics|diuretics|antihypertensives|C03|diuretic;loop diuretics;thiazide diuretics;thiazides
antiarrhythmics|antiarrhythmics||C01B|antiarrhythmic drugs;antiarrhythmic agents;antiarrhythmic medication
antidepressants|antidepressants||N06A|antidepressant;antidepressant medication
ssri|selective serotonin reuptake inhibitors|antidepressants|N06AB|SSRI;SSRIs
antipsychotics|antipsychotics||N05A|antipsychotic;neuroleptics;antipsychotic medication
benzodiazepines|benzodiazepines||N05BA|benzodiazepine
anesthetics|anesthetics||N01|anaesthetics;anesthetic agents;anaesthetic agents;anesthetic drugs;anaesthetic drugs
general_anesthetics|general anesthetics|anesthetics|N01A|general anaesthetics;general anesthetic;general anaesthetic;general anesthesia agents
local_anesthetics|local anesthetics|anesthetics|N01B|local anaesthetics;local anesthetic;local anaesthetic;local anesthetic agents;local anaesthetic agents
neuromuscular_blockers|neuromuscular blocking agents||M03A|neuromuscular blockers;neuromuscular blocking drugs;NMBAs;NMBA
antimalarials|antimalarials||P01B|antimalarial drugs;antimalarial medicines;antimalarial agents;antimalarial medications;antimalarial
artemisinins|artemisinin derivatives|antimalarials|P01BE|artemisinin drugs;artemisinins;artemisinin derivative
antiemetics|antiemetics||A04A|antiemetic;antiemetic drugs;antiemetic agents;anti-emetics;anti-emetic;antiemetic medication
setrons|serotonin 5-ht3 antagonists|antiemetics|A04AA|5-HT3 antagonists;5-HT3 receptor antagonists;setrons;5-HT3 antagonist
nk1_antagonists|nk1 receptor antagonists|antiemetics|A04AD|NK1 antagonists;NK-1 receptor antagonists;neurokinin-1 receptor antagonists
propulsives|propulsives||A03F|prokinetics;prokinetic agents;prokinetic drugs
antispasmodics|antispasmodics||A03|antispasmodic;antispasmodic drugs;spasmolytics
antacids|antacids||A02A|antacid
quinolones|quinolone antibacterials|antibiotics|J01M|quinolones;fluoroquinolones;fluoroquinolone;quinolone;fluoroquinolone antibiotics
dmards|disease-modifying antirheumatic drugs|||DMARDs;DMARD;disease modifying anti-rheumatic drugs;disease modifying antirheumatic drugs;disease-modifying anti-rheumatic drugs
snri|serotonin-norepinephrine reuptake inhibitors|antidepressants||SNRI;SNRIs;serotonin norepinephrine reuptake inhibitors
dhp_ccb|dihydropyridine calcium channel blockers|ccb|C08CA|dihydropyridines;dihydropyridine CCBs;DHP CCBs;dihydropyridine calcium antagonists
non_dhp_ccb|non-dihydropyridine calcium channel blockers|ccb|C08D|non-dihydropyridine CCBs;NDHP-CCBs;non-DHP CCBs;non-dihydropyridine calcium antagonists
prostacyclins|prostacyclin analogues|||prostacyclin analogs;prostacyclins;prostanoids;prostacyclin analogue
lipid_lowering|lipid modifying agents||C10|lipid-lowering therapy;lipid-lowering drugs;lipid lowering agents;lipid-lowering agents;lipid lowering therapy;lipidlowering therapy;cholesterol-lowering drugs
fibrates|fibrates|lipid_lowering|C10AB|fibrate
antihistamines|antihistamines||R06A|antihistamine;H1 antihistamines;H1-antihistamines;antihistaminic drugs
sedatives|hypnotics and sedatives||N05C|sedatives;sedative medications;sedative medication;hypnotics;sedative-hypnotics;sedative hypnotics
herbal|herbal products|||herbal medicines;herbal supplements;herbal remedies;traditional Chinese medicine;TCM;dietary supplements
"""

DRUGS = """
cabozantinib|vegfr_tki,met_inhibitors,multikinase|L01EX07|Cabometyx;Cometriq;XL184;XL-184
sunitinib|vegfr_tki,multikinase|L01EX01|Sutent;SU11248
sorafenib|vegfr_tki,multikinase|L01EX02|Nexavar
pazopanib|vegfr_tki,multikinase|L01EX03|Votrient
axitinib|vegfr_tki|L01EK01|Inlyta
lenvatinib|vegfr_tki,multikinase|L01EX08|Lenvima;E7080
regorafenib|vegfr_tki,multikinase|L01EX05|Stivarga
vandetanib|vegfr_tki,multikinase|L01EX04|Caprelsa
tivozanib|vegfr_tki|L01EK03|Fotivda
surufatinib|vegfr_tki,multikinase||Sulanda;HMPL-012
anlotinib|vegfr_tki,multikinase||Focus V
fruquintinib|vegfr_tki|L01EK04|Elunate;Fruzaqla
nintedanib|vegfr_tki,multikinase|L01EX09|Ofev;Vargatef
ponatinib|bcr_abl,multikinase|L01EA05|Iclusig
imatinib|bcr_abl|L01EA01|Gleevec;Glivec;STI571
dasatinib|bcr_abl|L01EA02|Sprycel
nilotinib|bcr_abl,qt_prolonging|L01EA03|Tasigna
bosutinib|bcr_abl|L01EA04|Bosulif
asciminib|bcr_abl|L01EA06|Scemblix
erlotinib|egfr_tki|L01EB02|Tarceva
gefitinib|egfr_tki|L01EB01|Iressa
afatinib|egfr_tki|L01EB03|Gilotrif;Giotrif
osimertinib|egfr_tki|L01EB04|Tagrisso;AZD9291
dacomitinib|egfr_tki|L01EB07|Vizimpro
lapatinib|egfr_tki,anti_her2|L01EH01|Tykerb;Tyverb
neratinib|anti_her2,tki|L01EH02|Nerlynx
tucatinib|anti_her2,tki|L01EH03|Tukysa
crizotinib|alk_inhibitors,met_inhibitors|L01ED01|Xalkori
ceritinib|alk_inhibitors|L01ED02|Zykadia
alectinib|alk_inhibitors|L01ED03|Alecensa
brigatinib|alk_inhibitors|L01ED04|Alunbrig
lorlatinib|alk_inhibitors|L01ED05|Lorbrena;Lorviqua
capmatinib|met_inhibitors|L01EX17|Tabrecta
tepotinib|met_inhibitors|L01EX21|Tepmetko
ibrutinib|btk_inhibitors|L01EL01|Imbruvica
acalabrutinib|btk_inhibitors|L01EL02|Calquence
zanubrutinib|btk_inhibitors|L01EL03|Brukinsa
palbociclib|cdk46|L01EF01|Ibrance
ribociclib|cdk46,qt_prolonging|L01EF02|Kisqali
abemaciclib|cdk46|L01EF03|Verzenio;Verzenios
everolimus|mtor_inhibitors|L01EG02,L04AH02|Afinitor;Certican;Zortress;RAD001
temsirolimus|mtor_inhibitors|L01EG01|Torisel
sirolimus|mtor_inhibitors|L04AH01|rapamycin;Rapamune
alpelisib|pi3k_inhibitors|L01EM03|Piqray
idelalisib|pi3k_inhibitors|L01EM01|Zydelig
trametinib|mek_inhibitors|L01EE01|Mekinist
cobimetinib|mek_inhibitors|L01EE02|Cotellic
binimetinib|mek_inhibitors|L01EE03|Mektovi
selumetinib|mek_inhibitors|L01EE04|Koselugo
vemurafenib|braf_inhibitors|L01EC01|Zelboraf
dabrafenib|braf_inhibitors|L01EC02|Tafinlar
encorafenib|braf_inhibitors|L01EC03|Braftovi
ruxolitinib|jak_inhibitors|L01EJ01|Jakafi;Jakavi
tofacitinib|jak_inhibitors|L04AF01|Xeljanz
baricitinib|jak_inhibitors|L04AF02|Olumiant
upadacitinib|jak_inhibitors|L04AF03|Rinvoq
olaparib|parp_inhibitors|L01XK01|Lynparza
niraparib|parp_inhibitors|L01XK02|Zejula
rucaparib|parp_inhibitors|L01XK03|Rubraca
talazoparib|parp_inhibitors|L01XK04|Talzenna
bevacizumab|anti_vegf_antibodies|L01FG01|Avastin
ramucirumab|anti_vegf_antibodies|L01FG02|Cyramza
aflibercept|anti_angiogenic|L01XX44,S01LA05|Zaltrap;Eylea;ziv-aflibercept
cetuximab|anti_egfr_antibodies|L01FE01|Erbitux
panitumumab|anti_egfr_antibodies|L01FE02|Vectibix
trastuzumab|anti_her2,anticancer_antibodies|L01FD01|Herceptin
pertuzumab|anti_her2,anticancer_antibodies|L01FD02|Perjeta
trastuzumab emtansine|anti_her2,adc|L01FD03|T-DM1;Kadcyla
trastuzumab deruxtecan|anti_her2,adc,topo1_adc|L01FD04|T-DXd;Enhertu;DS-8201;DS-8201a
nivolumab|pd1_inhibitors|L01FF01|Opdivo;BMS-936558
pembrolizumab|pd1_inhibitors|L01FF02|Keytruda;MK-3475
cemiplimab|pd1_inhibitors|L01FF06|Libtayo
dostarlimab|pd1_inhibitors|L01FF07|Jemperli
tislelizumab|pd1_inhibitors|L01FF09|Tevimbra;BGB-A317
toripalimab|pd1_inhibitors|L01FF10|Loqtorzi
sintilimab|pd1_inhibitors||Tyvyt
camrelizumab|pd1_inhibitors||AiRuiKa;SHR-1210
spartalizumab|pd1_inhibitors||PDR001
retifanlimab|pd1_inhibitors||Zynyz
atezolizumab|pdl1_inhibitors|L01FF05|Tecentriq
durvalumab|pdl1_inhibitors|L01FF03|Imfinzi
avelumab|pdl1_inhibitors|L01FF04|Bavencio;MSB0010718C
ipilimumab|ctla4_inhibitors|L01FX04|Yervoy
tremelimumab|ctla4_inhibitors|L01FX20|Imjudo
relatlimab|lag3_inhibitors||Opdualag
sacituzumab govitecan|trop2_adc,topo1_adc|L01FX17|Trodelvy;IMMU-132
sacituzumab tirumotecan|trop2_adc,topo1_adc||sac-TMT;SKB264;MK-2870
datopotamab deruxtecan|trop2_adc,topo1_adc||Dato-DXd;DS-1062
enfortumab vedotin|adc|L01FX13|Padcev
brentuximab vedotin|adc|L01FX05|Adcetris
polatuzumab vedotin|adc|L01FX14|Polivy
mirvetuximab soravtansine|adc||Elahere
tisotumab vedotin|adc||Tivdak
inotuzumab ozogamicin|adc|L01FB01|Besponsa
gemtuzumab ozogamicin|adc|L01FX02|Mylotarg
rituximab|anticancer_antibodies|L01FA01|Rituxan;MabThera
obinutuzumab|anticancer_antibodies|L01FA03|Gazyva
daratumumab|anticancer_antibodies|L01FC01|Darzalex
isatuximab|anticancer_antibodies|L01FC02|Sarclisa
elotuzumab|anticancer_antibodies|L01FX08|Empliciti
blinatumomab|anticancer_antibodies|L01FX07|Blincyto
irinotecan|topo1_inhibitors|L01CE02|Camptosar;CPT-11
liposomal irinotecan|topo1_inhibitors|L01CE02|Onivyde;nal-IRI
topotecan|topo1_inhibitors|L01CE01|Hycamtin
etoposide|topo2_inhibitors|L01CB01|VP-16;Etopophos
teniposide|topo2_inhibitors|L01CB02|VM-26
doxorubicin|anthracyclines|L01DB01|Adriamycin
liposomal doxorubicin|anthracyclines|L01DB01|Doxil;Caelyx;pegylated liposomal doxorubicin
epirubicin|anthracyclines|L01DB03|Ellence
daunorubicin|anthracyclines|L01DB02|
idarubicin|anthracyclines|L01DB06|
mitoxantrone|topo2_inhibitors|L01DB07|
cisplatin|platinum|L01XA01|Platinol;CDDP
carboplatin|platinum|L01XA02|Paraplatin
oxaliplatin|platinum|L01XA03|Eloxatin
nedaplatin|platinum||
cyclophosphamide|alkylating_agents,immunosuppressants|L01AA01|Cytoxan;Endoxan
ifosfamide|alkylating_agents|L01AA06|Ifex
melphalan|alkylating_agents|L01AA03|Alkeran
chlorambucil|alkylating_agents|L01AA02|Leukeran
bendamustine|alkylating_agents|L01AA09|Treanda;Bendeka
busulfan|alkylating_agents|L01AB01|Busulfex;Myleran
temozolomide|alkylating_agents|L01AX03|Temodar;Temodal;TMZ;TEM
dacarbazine|alkylating_agents|L01AX04|DTIC
streptozocin|alkylating_agents,nitrosoureas|L01AD04|streptozotocin;Zanosar;STZ
carmustine|nitrosoureas|L01AD01|BCNU
lomustine|nitrosoureas|L01AD02|CCNU
thiotepa|alkylating_agents|L01AC01|
trabectedin|alkylating_agents|L01CX01|Yondelis
lurbinectedin|alkylating_agents|L01XX69|Zepzelca
fluorouracil|pyrimidine_analogues|L01BC02|5-fluorouracil;5-FU;5FU
capecitabine|pyrimidine_analogues|L01BC06|Xeloda
gemcitabine|pyrimidine_analogues|L01BC05|Gemzar
cytarabine|pyrimidine_analogues|L01BC01|Ara-C;cytosine arabinoside
tegafur|pyrimidine_analogues|L01BC03|S-1;tegafur-gimeracil-oteracil;TS-1
trifluridine/tipiracil|pyrimidine_analogues|L01BC59|Lonsurf;TAS-102
azacitidine|hypomethylating,pyrimidine_analogues|L01BC07|Vidaza;5-azacytidine
decitabine|hypomethylating,pyrimidine_analogues|L01BC08|Dacogen
fludarabine|purine_analogues|L01BB05|Fludara
cladribine|purine_analogues|L01BB04|
clofarabine|purine_analogues|L01BB06|
mercaptopurine|purine_analogues|L01BB02|6-MP;6-mercaptopurine
methotrexate|folate_antagonists,immunosuppressants|L01BA01,L04AX03|MTX;Trexall
pemetrexed|folate_antagonists|L01BA04|Alimta
pralatrexate|folate_antagonists|L01BA05|Folotyn
paclitaxel|taxanes|L01CD01|Taxol
nab-paclitaxel|taxanes|L01CD01|Abraxane;albumin-bound paclitaxel;nanoparticle albumin-bound paclitaxel
docetaxel|taxanes|L01CD02|Taxotere
cabazitaxel|taxanes|L01CD04|Jevtana
vincristine|vinca_alkaloids|L01CA02|Oncovin
vinblastine|vinca_alkaloids|L01CA01|
vinorelbine|vinca_alkaloids|L01CA04|Navelbine
eribulin|chemotherapy|L01XX41|Halaven
bleomycin|chemotherapy|L01DC01|
mitomycin|chemotherapy|L01DC03|mitomycin C
hydroxyurea|chemotherapy|L01XX05|hydroxycarbamide;Hydrea
arsenic trioxide|chemotherapy,qt_prolonging|L01XX27|Trisenox
tamoxifen|serm|L02BA01|Nolvadex
toremifene|serm,qt_prolonging|L02BA02|Fareston
raloxifene|serm|G03XC01|Evista
fulvestrant|serd|L02BA03|Faslodex
elacestrant|serd|L02BA04|Orserdu
letrozole|aromatase_inhibitors|L02BG04|Femara
anastrozole|aromatase_inhibitors|L02BG03|Arimidex
exemestane|aromatase_inhibitors|L02BG06|Aromasin
enzalutamide|antiandrogens,strong_cyp3a4_inducers|L02BB04|Xtandi
apalutamide|antiandrogens|L02BB05|Erleada
darolutamide|antiandrogens|L02BB06|Nubeqa
bicalutamide|antiandrogens|L02BB03|Casodex
abiraterone|hormonal_therapy|L02BX03|Zytiga;abiraterone acetate
leuprolide|gnrh|L02AE02|leuprorelin;Lupron;Eligard
goserelin|gnrh|L02AE03|Zoladex
triptorelin|gnrh|L02AE04|Decapeptyl;Trelstar
degarelix|hormonal_therapy|L02BX02|Firmagon
relugolix|hormonal_therapy|L02BX04|Orgovyx
megestrol|hormonal_therapy|L02AB01|megestrol acetate;Megace
octreotide|ssa|H01CB02|Sandostatin;Sandostatin LAR;octreotide LAR
lanreotide|ssa|H01CB03|Somatuline;Somatuline Depot;Somatuline Autogel;lanreotide autogel
pasireotide|ssa|H01CB05|Signifor
lutetium (177lu) oxodotreotide|radiopharmaceuticals|V10XX04|177Lu-DOTATATE;177Lu-dotatate;Lutathera;lutetium Lu 177 dotatate;[177Lu]Lu-DOTA-TATE;177Lu-DOTA-TATE;lutetium-177 dotatate
lutetium (177lu) vipivotide tetraxetan|radiopharmaceuticals|V10XX05|177Lu-PSMA-617;Pluvicto;lutetium Lu 177 vipivotide tetraxetan
radium-223|radiopharmaceuticals|V10XX03|radium-223 dichloride;Xofigo;Ra-223
iodine-131|radiopharmaceuticals|V10XA01|radioactive iodine;RAI;I-131;131I;radioiodine
yttrium-90|radiopharmaceuticals||Y-90;90Y;yttrium-90 microspheres
lenalidomide|immunomodulatory_drugs|L04AX04|Revlimid
pomalidomide|immunomodulatory_drugs|L04AX06|Pomalyst;Imnovid
thalidomide|immunomodulatory_drugs|L04AX02|Thalomid
bortezomib|proteasome_inhibitors|L01XG01|Velcade
carfilzomib|proteasome_inhibitors|L01XG02|Kyprolis
ixazomib|proteasome_inhibitors|L01XG03|Ninlaro
venetoclax|bcl2_inhibitors|L01XX52|Venclexta;Venclyxto;ABT-199
interferon alfa|interferons|L03AB|interferon alpha;IFN-alpha;IFN-α;interferon-alpha;Intron A;Roferon
peginterferon alfa|interferons|L03AB|pegylated interferon;PEG-IFN;peginterferon
interleukin-2|immunotherapy|L03AC01|aldesleukin;IL-2;Proleukin
revumenib|menin_inhibitors||SNDX-5613
ziftomenib|menin_inhibitors||KO-539
warfarin|vka|B01AA03|Coumadin;Jantoven
acenocoumarol|vka|B01AA07|Sintrom
phenprocoumon|vka|B01AA04|Marcumar
fluindione|vka|B01AA12|Previscan
dabigatran|dti,doac|B01AE07|Pradaxa;dabigatran etexilate
argatroban|dti|B01AE03|
bivalirudin|dti|B01AE06|Angiomax
rivaroxaban|fxa_inhibitors,doac|B01AF01|Xarelto
apixaban|fxa_inhibitors,doac|B01AF02|Eliquis
edoxaban|fxa_inhibitors,doac|B01AF03|Savaysa;Lixiana
betrixaban|fxa_inhibitors,doac|B01AF04|Bevyxxa
fondaparinux|anticoagulants|B01AX05|Arixtra
heparin|ufh|B01AB01|unfractionated heparin sodium
enoxaparin|lmwh|B01AB05|Lovenox;Clexane
dalteparin|lmwh|B01AB04|Fragmin
tinzaparin|lmwh|B01AB10|Innohep
nadroparin|lmwh|B01AB06|Fraxiparine
aspirin|antiplatelets,nsaids|B01AC06,N02BA01|acetylsalicylic acid;low-dose aspirin
clopidogrel|p2y12|B01AC04|Plavix
prasugrel|p2y12|B01AC22|Effient
ticagrelor|p2y12|B01AC24|Brilinta
ticlopidine|p2y12|B01AC05|
dipyridamole|antiplatelets|B01AC07|Persantine
cilostazol|antiplatelets|B01AC23|Pletal
ketoconazole|azole_antifungals,strong_cyp3a4_inhibitors,pgp_inhibitors|J02AB02|Nizoral
itraconazole|azole_antifungals,strong_cyp3a4_inhibitors,pgp_inhibitors|J02AC02|Sporanox
voriconazole|azole_antifungals,strong_cyp3a4_inhibitors,qt_prolonging|J02AC03|Vfend
posaconazole|azole_antifungals,strong_cyp3a4_inhibitors,qt_prolonging|J02AC04|Noxafil
fluconazole|azole_antifungals,moderate_cyp3a4_inhibitors,qt_prolonging|J02AC01|Diflucan
isavuconazole|azole_antifungals,moderate_cyp3a4_inhibitors|J02AC05|Cresemba;isavuconazonium
clarithromycin|macrolides,strong_cyp3a4_inhibitors,pgp_inhibitors,qt_prolonging|J01FA09|Biaxin
telithromycin|macrolides,strong_cyp3a4_inhibitors|J01FA15|Ketek
erythromycin|macrolides,moderate_cyp3a4_inhibitors,qt_prolonging|J01FA01|
azithromycin|macrolides,qt_prolonging|J01FA10|Zithromax
ritonavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors,pgp_inhibitors|J05AE03|Norvir
cobicistat|strong_cyp3a4_inhibitors|V03AX03|Tybost
indinavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors|J05AE02|Crixivan
nelfinavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors|J05AE04|Viracept
saquinavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors,qt_prolonging|J05AE01|Invirase
lopinavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors|J05AE06|Kaletra
atazanavir|hiv_protease_inhibitors,moderate_cyp3a4_inhibitors|J05AE08|Reyataz
darunavir|hiv_protease_inhibitors|J05AE10|Prezista
tipranavir|hiv_protease_inhibitors,strong_cyp3a4_inhibitors|J05AE09|Aptivus
boceprevir|antivirals,strong_cyp3a4_inhibitors|J05AP03|Victrelis
telaprevir|antivirals,strong_cyp3a4_inhibitors|J05AP02|Incivek
nefazodone|antidepressants,strong_cyp3a4_inhibitors|N06AX06|Serzone
mibefradil|ccb,strong_cyp3a4_inhibitors||Posicor
conivaptan|strong_cyp3a4_inhibitors|C03XA02|Vaprisol
grapefruit juice|strong_cyp3a4_inhibitors,herbal||grapefruit;Seville orange juice;Seville oranges
diltiazem|ccb,moderate_cyp3a4_inhibitors|C08DB01|Cardizem
verapamil|ccb,moderate_cyp3a4_inhibitors,pgp_inhibitors|C08DA01|Calan;Isoptin
aprepitant|nk1_antagonists,moderate_cyp3a4_inhibitors|A04AD12|Emend
ciprofloxacin|quinolones,moderate_cyp3a4_inhibitors,qt_prolonging|J01MA02|Cipro
crizotinib_dummy|||
imatinib_dummy|||
dronedarone|antiarrhythmics,moderate_cyp3a4_inhibitors,pgp_inhibitors,qt_prolonging|C01BD07|Multaq
amiodarone|antiarrhythmics,pgp_inhibitors,qt_prolonging|C01BD01|Cordarone;Pacerone
quinidine|antiarrhythmics,pgp_inhibitors,qt_prolonging|C01BA01|
sotalol|beta_blockers,antiarrhythmics,qt_prolonging|C07AA07|Betapace
dofetilide|antiarrhythmics,qt_prolonging|C01BD04|Tikosyn
flecainide|antiarrhythmics|C01BC04|Tambocor
propafenone|antiarrhythmics|C01BC03|Rythmol
disopyramide|antiarrhythmics,qt_prolonging|C01BA03|
procainamide|antiarrhythmics,qt_prolonging|C01BA02|
ibutilide|antiarrhythmics,qt_prolonging|C01BD05|
cyclosporine|calcineurin_inhibitors,pgp_inhibitors|L04AD01|ciclosporin;cyclosporin;Neoral;Sandimmune
tacrolimus|calcineurin_inhibitors|L04AD02|Prograf;FK506;Advagraf
carvedilol|beta_blockers,pgp_inhibitors|C07AG02|Coreg
ranolazine|pgp_inhibitors|C01EB18|Ranexa
quinine|pgp_inhibitors,qt_prolonging|P01BC01|
rifampin|rifamycins,strong_cyp3a4_inducers|J04AB02|rifampicin;Rifadin;Rimactane
rifabutin|rifamycins,moderate_cyp3a4_inducers|J04AB04|Mycobutin
rifapentine|rifamycins,strong_cyp3a4_inducers|J04AB05|rifapentin;Priftin
phenytoin|anticonvulsants,strong_cyp3a4_inducers|N03AB02|Dilantin;fosphenytoin
carbamazepine|anticonvulsants,strong_cyp3a4_inducers|N03AF01|Tegretol
oxcarbazepine|anticonvulsants,moderate_cyp3a4_inducers|N03AF02|Trileptal
phenobarbital|anticonvulsants,strong_cyp3a4_inducers|N03AA02|phenobarbitone;Luminal
primidone|anticonvulsants,strong_cyp3a4_inducers|N03AA03|Mysoline
valproic acid|anticonvulsants|N03AG01|valproate;sodium valproate;Depakote;divalproex
levetiracetam|anticonvulsants|N03AX14|Keppra
lamotrigine|anticonvulsants|N03AX09|Lamictal
topiramate|anticonvulsants|N03AX11|Topamax
St. John's wort|herbal,strong_cyp3a4_inducers|N06AX25|St John's wort;St. John's Wort;Hypericum perforatum;hypericum;St Johns wort
efavirenz|antiretrovirals,moderate_cyp3a4_inducers|J05AG03|Sustiva
etravirine|antiretrovirals,moderate_cyp3a4_inducers|J05AG04|Intelence
nevirapine|antiretrovirals|J05AG01|Viramune
bosentan|moderate_cyp3a4_inducers|C02KX01|Tracleer
modafinil|moderate_cyp3a4_inducers|N06BA07|Provigil
mitotane|strong_cyp3a4_inducers,anticancer|L01XX23|Lysodren
apalutamide_dummy|||
lumacaftor|strong_cyp3a4_inducers||Orkambi
tenofovir|antiretrovirals|J05AF07|tenofovir disoproxil;TDF;tenofovir alafenamide;TAF
emtricitabine|antiretrovirals|J05AF09|FTC
lamivudine|antiretrovirals|J05AF05|3TC;Epivir
zidovudine|antiretrovirals|J05AF01|AZT
abacavir|antiretrovirals|J05AF06|Ziagen
dolutegravir|antiretrovirals|J05AJ03|Tivicay
raltegravir|antiretrovirals|J05AJ01|Isentress
bictegravir|antiretrovirals|J05AJ|Biktarvy
rilpivirine|antiretrovirals|J05AG05|Edurant
entecavir|antivirals|J05AF10|Baraclude
sofosbuvir|antivirals|J05AP08|Sovaldi;SOF
ledipasvir|antivirals|J05AP|Harvoni;LDV
velpatasvir|antivirals|J05AP|Epclusa
glecaprevir|antivirals|J05AP|Mavyret;Maviret
ribavirin|antivirals|J05AP01|Rebetol;Copegus;RBV
acyclovir|antivirals|J05AB01|aciclovir;Zovirax
valacyclovir|antivirals|J05AB11|valaciclovir;Valtrex
ganciclovir|antivirals|J05AB06|Cytovene
valganciclovir|antivirals|J05AB14|Valcyte
oseltamivir|antivirals|J05AH02|Tamiflu
remdesivir|antivirals|J05AB16|Veklury
prednisone|systemic_corticosteroids|H02AB07|Deltasone
prednisolone|systemic_corticosteroids|H02AB06|
methylprednisolone|systemic_corticosteroids|H02AB04|Medrol;Solu-Medrol
dexamethasone|systemic_corticosteroids|H02AB02|Decadron
hydrocortisone|systemic_corticosteroids|H02AB09|cortisol replacement;Solu-Cortef
betamethasone|systemic_corticosteroids|H02AB01|Celestone
budesonide|inhaled_corticosteroids|R03BA02|Pulmicort;Entocort
fluticasone|inhaled_corticosteroids|R03BA05|Flovent;Flonase
beclomethasone|inhaled_corticosteroids|R03BA01|beclometasone;Qvar
triamcinolone|systemic_corticosteroids|H02AB08|Kenalog
mycophenolate mofetil|immunosuppressants|L04AA06|MMF;CellCept;mycophenolate;mycophenolic acid;Myfortic
azathioprine|immunosuppressants|L04AX01|Imuran
leflunomide|immunosuppressants,dmards|L04AA13|Arava
hydroxychloroquine|immunosuppressants,dmards,antimalarials,qt_prolonging|P01BA02|Plaquenil;HCQ
chloroquine|antimalarials,qt_prolonging|P01BA01|
infliximab|tnf_inhibitors|L04AB02|Remicade
adalimumab|tnf_inhibitors|L04AB04|Humira
etanercept|tnf_inhibitors|L04AB01|Enbrel
certolizumab pegol|tnf_inhibitors|L04AB05|Cimzia
golimumab|tnf_inhibitors|L04AB06|Simponi
tocilizumab|il6_inhibitors|L04AC07|Actemra;RoActemra
sarilumab|il6_inhibitors|L04AC14|Kevzara
anakinra|immunosuppressants|L04AC03|Kineret
abatacept|immunosuppressants|L04AA24|Orencia
belimumab|immunosuppressants|L04AA26|Benlysta
ustekinumab|immunosuppressants|L04AC05|Stelara
secukinumab|immunosuppressants|L04AC10|Cosentyx
vedolizumab|immunosuppressants|L04AA33|Entyvio
natalizumab|immunosuppressants|L04AA23|Tysabri
ocrelizumab|immunosuppressants|L04AA36|Ocrevus
fingolimod|immunosuppressants|L04AA27|Gilenya
antithymocyte globulin|immunosuppressants|L04AA04|ATG;Thymoglobulin
basiliximab|immunosuppressants|L04AC02|Simulect
omalizumab|monoclonal_antibodies|R03DX05|Xolair
dupilumab|monoclonal_antibodies|D11AH05|Dupixent
mepolizumab|monoclonal_antibodies|R03DX09|Nucala
denosumab|rankl_inhibitors|M05BX04|Xgeva;Prolia
zoledronic acid|bisphosphonates|M05BA08|zoledronate;Zometa;Reclast
pamidronate|bisphosphonates|M05BA03|Aredia
alendronate|bisphosphonates|M05BA04|Fosamax
ibandronate|bisphosphonates|M05BA06|Boniva
risedronate|bisphosphonates|M05BA07|Actonel
filgrastim|gcsf|L03AA02|Neupogen;Zarxio
pegfilgrastim|gcsf|L03AA13|Neulasta;pegylated G-CSF
lenograstim|gcsf|L03AA10|Granocyte
sargramostim|hematopoietic_growth_factors|L03AA09|GM-CSF;Leukine
erythropoietin|esa|B03XA01|EPO;epoetin;recombinant human erythropoietin;rHuEPO
epoetin alfa|esa|B03XA01|Epogen;Procrit;Eprex
epoetin beta|esa|B03XA01|NeoRecormon
darbepoetin alfa|esa|B03XA02|Aranesp;darbepoetin
methoxy polyethylene glycol-epoetin beta|esa|B03XA03|Mircera
romiplostim|tpo_agonists|B02BX04|Nplate
eltrombopag|tpo_agonists|B02BX05|Promacta;Revolade
avatrombopag|tpo_agonists|B02BX08|Doptelet
ibuprofen|nsaids|M01AE01|Advil;Motrin
naproxen|nsaids|M01AE02|Aleve;Naprosyn
diclofenac|nsaids|M01AB05|Voltaren
celecoxib|nsaids|M01AH01|Celebrex
indomethacin|nsaids|M01AB01|Indocin
ketorolac|nsaids|M01AB15|Toradol
meloxicam|nsaids|M01AC06|Mobic
omeprazole|ppi|A02BC01|Prilosec
esomeprazole|ppi|A02BC05|Nexium
pantoprazole|ppi|A02BC02|Protonix
lansoprazole|ppi|A02BC03|Prevacid
rabeprazole|ppi|A02BC04|Aciphex
famotidine|h2_blockers|A02BA03|Pepcid
ranitidine|h2_blockers|A02BA02|Zantac
metformin|antidiabetics|A10BA02|Glucophage
insulin|insulins|A10A|insulin glargine;insulin aspart;insulin lispro;insulin detemir;insulin degludec;NPH insulin
glipizide|sulfonylureas|A10BB07|Glucotrol
glimepiride|sulfonylureas|A10BB12|Amaryl
gliclazide|sulfonylureas|A10BB09|Diamicron
glyburide|sulfonylureas|A10BB01|glibenclamide
pioglitazone|antidiabetics|A10BG03|Actos
rosiglitazone|antidiabetics|A10BG02|Avandia
sitagliptin|dpp4|A10BH01|Januvia
saxagliptin|dpp4|A10BH03|Onglyza
linagliptin|dpp4|A10BH05|Tradjenta
vildagliptin|dpp4|A10BH02|Galvus
empagliflozin|sglt2|A10BK03|Jardiance
dapagliflozin|sglt2|A10BK01|Farxiga;Forxiga
canagliflozin|sglt2|A10BK02|Invokana
liraglutide|glp1|A10BJ02|Victoza;Saxenda
semaglutide|glp1|A10BJ06|Ozempic;Wegovy;Rybelsus
dulaglutide|glp1|A10BJ05|Trulicity
exenatide|glp1|A10BJ01|Byetta;Bydureon
tirzepatide|glp1|A10BX16|Mounjaro;Zepbound
atorvastatin|statins|C10AA05|Lipitor
simvastatin|statins|C10AA01|Zocor
rosuvastatin|statins|C10AA07|Crestor
pravastatin|statins|C10AA03|Pravachol
lovastatin|statins|C10AA02|Mevacor
ezetimibe|statins_dummy||
lisinopril|ace_inhibitors|C09AA03|Zestril;Prinivil
enalapril|ace_inhibitors|C09AA02|Vasotec
ramipril|ace_inhibitors|C09AA05|Altace
captopril|ace_inhibitors|C09AA01|
perindopril|ace_inhibitors|C09AA04|
losartan|arbs|C09CA01|Cozaar
valsartan|arbs|C09CA03|Diovan
irbesartan|arbs|C09CA04|Avapro
candesartan|arbs|C09CA06|Atacand
telmisartan|arbs|C09CA07|Micardis
olmesartan|arbs|C09CA08|Benicar
metoprolol|beta_blockers|C07AB02|Lopressor;Toprol
atenolol|beta_blockers|C07AB03|Tenormin
bisoprolol|beta_blockers|C07AB07|Concor
propranolol|beta_blockers|C07AA05|Inderal
nebivolol|beta_blockers|C07AB12|Bystolic
amlodipine|ccb|C08CA01|Norvasc
nifedipine|ccb|C08CA05|Procardia;Adalat
felodipine|ccb|C08CA02|Plendil
hydrochlorothiazide|diuretics|C03AA03|HCTZ
chlorthalidone|diuretics|C03BA04|
furosemide|diuretics|C03CA01|frusemide;Lasix
spironolactone|diuretics|C03DA01|Aldactone
eplerenone|diuretics|C03DA04|Inspra
clonidine|antihypertensives|C02AC01|Catapres
hydralazine|antihypertensives|C02DB02|
sacubitril/valsartan|arbs|C09DX04|Entresto;sacubitril
digoxin|antiarrhythmics|C01AA05|Lanoxin
ivabradine|antiarrhythmics|C01EB17|Corlanor
sertraline|ssri|N06AB06|Zoloft
fluoxetine|ssri|N06AB03|Prozac
paroxetine|ssri|N06AB05|Paxil
citalopram|ssri,qt_prolonging|N06AB04|Celexa
escitalopram|ssri,qt_prolonging|N06AB10|Lexapro
fluvoxamine|ssri,moderate_cyp3a4_inhibitors|N06AB08|Luvox
venlafaxine|antidepressants|N06AX16|Effexor
duloxetine|antidepressants|N06AX21|Cymbalta
bupropion|antidepressants|N06AX12|Wellbutrin
mirtazapine|antidepressants|N06AX11|Remeron
trazodone|antidepressants|N06AX05|Desyrel
amitriptyline|antidepressants,qt_prolonging|N06AA09|Elavil
haloperidol|antipsychotics,qt_prolonging|N05AD01|Haldol
quetiapine|antipsychotics,qt_prolonging|N05AH04|Seroquel
olanzapine|antipsychotics|N05AH03|Zyprexa
risperidone|antipsychotics|N05AX08|Risperdal
aripiprazole|antipsychotics|N05AX12|Abilify
clozapine|antipsychotics|N05AH02|Clozaril
ziprasidone|antipsychotics,qt_prolonging|N05AE04|Geodon
thioridazine|antipsychotics,qt_prolonging|N05AC02|
pimozide|antipsychotics,qt_prolonging|N05AG02|Orap
chlorpromazine|antipsychotics,qt_prolonging|N05AA01|
lithium|antidepressants|N05AN01|lithium carbonate
diazepam|benzodiazepines|N05BA01|Valium
lorazepam|benzodiazepines|N05BA06|Ativan
alprazolam|benzodiazepines|N05BA12|Xanax
midazolam|benzodiazepines|N05CD08|Versed
clonazepam|benzodiazepines|N03AE01|Klonopin
ondansetron|setrons,qt_prolonging|A04AA01|Zofran
granisetron|setrons,qt_prolonging|A04AA02|Kytril
domperidone|propulsives,qt_prolonging|A03FA03|Motilium
metoclopramide|propulsives,qt_prolonging|A03FA01|Reglan
methadone|opioids,qt_prolonging|N07BC02|Dolophine
morphine|opioids|N02AA01|MS Contin
oxycodone|opioids|N02AA05|OxyContin
hydromorphone|opioids|N02AA03|Dilaudid
fentanyl|opioids|N02AB03|Duragesic
tramadol|opioids|N02AX02|Ultram
codeine|opioids|R05DA04|
buprenorphine|opioids|N02AE01|Subutex
acetaminophen|||paracetamol;Tylenol
levofloxacin|quinolones,qt_prolonging|J01MA12|Levaquin
moxifloxacin|quinolones,qt_prolonging|J01MA14|Avelox
doxycycline|antibiotics|J01AA02|
amoxicillin|antibiotics|J01CA04|
vancomycin|antibiotics|J01XA01|Vancocin
linezolid|antibiotics|J01XX08|Zyvox
trimethoprim-sulfamethoxazole|antibiotics|J01EE01|cotrimoxazole;co-trimoxazole;TMP-SMX;Bactrim;Septrin
metronidazole|antibiotics|J01XD01|Flagyl
isoniazid|antibiotics|J04AC01|INH
pentamidine|qt_prolonging|P01CX01|
amphotericin B|antifungals|J02AA01|AmBisome
terbinafine|antifungals|D01BA02|Lamisil
caspofungin|antifungals|J02AX04|Cancidas
micafungin|antifungals|J02AX05|Mycamine
BCG vaccine|live_vaccines|J07AN01|BCG;bacille Calmette-Guerin vaccine;bacillus Calmette-Guerin vaccine
measles mumps rubella vaccine|live_vaccines|J07BD52|MMR vaccine
varicella vaccine|live_vaccines|J07BK01|chickenpox vaccine;Varivax
yellow fever vaccine|live_vaccines|J07BL01|YF vaccine;Stamaril
live attenuated influenza vaccine|live_vaccines|J07BB03|LAIV;FluMist;intranasal influenza vaccine
oral typhoid vaccine|live_vaccines|J07AP01|Ty21a;Vivotif
rotavirus vaccine|live_vaccines|J07BH|Rotarix;RotaTeq
zoster vaccine live|live_vaccines|J07BK02|Zostavax
recombinant zoster vaccine|inactivated_vaccines|J07BK03|Shingrix
inactivated influenza vaccine|inactivated_vaccines|J07BB02|influenza vaccine;flu vaccine;seasonal influenza vaccine
COVID-19 vaccine|vaccines|J07BN|SARS-CoV-2 vaccine;COVID-19 vaccination;mRNA vaccine
hepatitis B vaccine|inactivated_vaccines|J07BC01|HBV vaccine;Engerix-B
pneumococcal vaccine|inactivated_vaccines|J07AL|Prevnar;Pneumovax;PPSV23;PCV13;PCV20
tetanus toxoid|inactivated_vaccines|J07AM01|Tdap;tetanus vaccine
HPV vaccine|inactivated_vaccines|J07BM|Gardasil;Cervarix;human papillomavirus vaccine
allopurinol||M04AA01|Zyloprim
febuxostat||M04AA03|Uloric
colchicine||M04AC01|Colcrys
levothyroxine||H03AA01|Synthroid;L-thyroxine;thyroxine
cholecalciferol||A11CC05|vitamin D3
folic acid||B03BB01|folate supplementation
iron sucrose||B03AC|Venofer;intravenous iron;IV iron
ferric carboxymaltose||B03AC|Ferinject;Injectafer
testosterone replacement||G03BA03|testosterone therapy;exogenous testosterone
estrogen||G03C|estrogens;oestrogen;hormone replacement therapy;HRT
oral contraceptives||G03AA|oral contraceptive;birth control pills;combined oral contraceptives
levonorgestrel||G03AC03|Mirena
medroxyprogesterone||G03AC06|Depo-Provera
progestin||G03D|progestins;progestogen
sildenafil||G04BE03|Viagra;Revatio
tadalafil||G04BE08|Cialis;Adcirca
montelukast||R03DC03|Singulair
salbutamol||R03AC02|albuterol;Ventolin
tiotropium||R03BB04|Spiriva
cannabis||N02BG10|cannabinoids;marijuana;THC
nicotine replacement||N07BA01|nicotine patch;nicotine gum
varenicline||N07BA03|Chantix;Champix
naltrexone||N07BB04|Revia
disulfiram||N07BB01|Antabuse
ketamine|general_anesthetics|N01AX03|Ketalar
etomidate|general_anesthetics|N01AX07|Amidate
propofol|general_anesthetics|N01AX10|Diprivan
sevoflurane|general_anesthetics|N01AB08|Ultane
bupivacaine|local_anesthetics|N01BB01|Marcaine;Sensorcaine
lidocaine|local_anesthetics|N01BB02|lignocaine;Xylocaine
ropivacaine|local_anesthetics|N01BB09|Naropin
rocuronium|neuromuscular_blockers|M03AC09|Zemuron;rocuronium bromide
succinylcholine|neuromuscular_blockers|M03AB01|suxamethonium
sugammadex||V03AB35|Bridion
neostigmine||N07AA01|Prostigmin
atropine||A03BA01|
mefloquine|antimalarials,qt_prolonging|P01BC02|Lariam
artemether-lumefantrine|artemisinins|P01BF01|lumefantrine;Coartem;artemether/lumefantrine;artemether lumefantrine
artesunate|artemisinins|P01BE03|
primaquine|antimalarials|P01BA03|
sulfasalazine|dmards|A07EC01|Azulfidine;sulphasalazine
promethazine|antihistamines|R06AD02|Phenergan
diphenhydramine|antihistamines|R06AA02|Benadryl
cetirizine|antihistamines|R06AE07|Zyrtec
loratadine|antihistamines|R06AX13|Claritin
trihexyphenidyl||N04AA01|Artane;benzhexol
midodrine||C01CA17|ProAmatine;midodrine hydrochloride
fenofibrate|fibrates|C10AB05|Tricor
gemfibrozil|fibrates|C10AB04|Lopid
treprostinil|prostacyclins|B01AC21|Remodulin;Tyvaso
iloprost|prostacyclins|B01AC11|Ventavis
epoprostenol|prostacyclins|B01AC09|Flolan;prostacyclin
regadenoson||C01EB21|Lexiscan
adenosine||C01EB10|Adenocard
aminophylline||R03DA05|
theophylline||R03DA04|
"""


def rows(block: str) -> list[list[str]]:
    return [line.split("|") for line in block.strip().splitlines() if line.strip()]


def split(s: str, sep: str) -> list[str]:
    return [x.strip() for x in s.split(sep) if x.strip()]


def main() -> None:
    classes, seen = [], {}
    for cid, name, parents, atc, syns in rows(CLASSES):
        entry = {"id": cid, "name": name, "parents": split(parents, ","), "atc": atc or None,
                 "synonyms": split(syns, ";"), "note": None}
        classes.append(entry)
    class_ids = {c["id"] for c in classes}
    drugs = []
    for name, cls, atc, syns in rows(DRUGS):
        if name.endswith("_dummy"):
            continue
        cls_list = [c for c in split(cls, ",") if c in class_ids]
        did = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        drugs.append({"id": did, "name": name.lower() if not name[0].isupper() or name in ("BCG vaccine",) else name.lower(),
                      "classes": cls_list, "atc": split(atc, ","), "synonyms": split(syns, ";")})
    # checks: parents exist, no surface form names two entries
    for c in classes:
        for p in c["parents"]:
            assert p in class_ids, (c["id"], p)
    for kind, items in (("class", classes), ("drug", drugs)):
        for it in items:
            for s in [it["name"], *it["synonyms"]]:
                key = s.lower()
                if key in seen and seen[key] != (kind, it["id"]):
                    raise SystemExit(f"{s!r} names both {seen[key]} and {(kind, it['id'])}")
                seen[key] = (kind, it["id"])
    (OUT / "drug_classes.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in classes), encoding="utf-8")
    (OUT / "drugs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drugs), encoding="utf-8")
    print(len(drugs), "drugs,", len(classes), "classes")


if __name__ == "__main__":
    main()
